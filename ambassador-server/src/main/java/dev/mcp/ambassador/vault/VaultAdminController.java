package dev.mcp.ambassador.vault;

import dev.mcp.ambassador.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/admin/vault/rotate-master-key}: a new master key, and every credential sealed
 * again under it. Run again after an interruption, it finishes the same rotation.
 */
@RestController
@RequestMapping("/v1/admin/vault")
class VaultAdminController {

    private static final Logger log = LoggerFactory.getLogger(VaultAdminController.class);

    private final CredentialVault vault;

    VaultAdminController(CredentialVault vault) {
        this.vault = vault;
    }

    @PostMapping("/rotate-master-key")
    CredentialVault.Rotation rotate() {
        if (!vault.rotatable()) {
            throw Problems.conflict("The master key comes from AMBASSADOR_MASTER_KEY; the operator rotates it there.");
        }
        CredentialVault.Rotation rotation = vault.rotateMasterKey();
        log.info(
                "Master key rotated to key id {}: {} credentials sealed again, {} unreadable",
                rotation.keyId(),
                rotation.resealed(),
                rotation.unreadable());
        return rotation;
    }
}
