package dev.mcp.ambassador.vault;

import dev.mcp.ambassador.audit.ConfigurationChanges;
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
    private final ConfigurationChanges changes;

    VaultAdminController(CredentialVault vault, ConfigurationChanges changes) {
        this.vault = vault;
        this.changes = changes;
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
        // Recorded once the rotation is complete: it spans many transactions and resumes after an
        // interruption, so there is no single commit to tie the row to. The row holds the key id only.
        changes.record("vault.master_key_rotated", rotation.keyId(), null, rotation);
        return rotation;
    }
}
