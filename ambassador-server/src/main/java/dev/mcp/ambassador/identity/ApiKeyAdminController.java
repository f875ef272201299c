package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/api-keys}: keys that act with the issuing admin's roles. Issuing and revoking
 * are recorded as configuration changes ({@code config.api_key.*}) naming the key by id and
 * prefix, never by its value.
 */
@RestController
@RequestMapping("/v1/admin/api-keys")
class ApiKeyAdminController {

    private final ApiKeyService apiKeys;
    private final ConfigurationChanges changes;
    private final TransactionTemplate transactions;

    ApiKeyAdminController(ApiKeyService apiKeys, ConfigurationChanges changes, TransactionTemplate transactions) {
        this.apiKeys = apiKeys;
        this.changes = changes;
        this.transactions = transactions;
    }

    record CreateApiKey(@NotBlank @Size(max = 200) String name) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeyService.IssuedApiKey create(
            @Valid @RequestBody CreateApiKey body, @AuthenticationPrincipal AuthenticatedUser caller) {
        return transactions.execute(status -> {
            ApiKeyService.IssuedApiKey issued = apiKeys.issue(caller.id(), body.name());
            // The view, never the issued key: it carries the key itself.
            changes.record(
                    "api_key.issued",
                    issued.id().toString(),
                    null,
                    apiKeys.find(issued.id()).orElseThrow());
            return issued;
        });
    }

    @GetMapping
    List<ApiKeyService.ApiKeyView> list() {
        return apiKeys.list();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        transactions.executeWithoutResult(status -> {
            ApiKeyService.ApiKeyView before = apiKeys.find(id).orElseThrow(() -> Problems.notFound("active API key"));
            if (!apiKeys.revoke(id)) {
                throw Problems.notFound("active API key");
            }
            changes.record(
                    "api_key.revoked", id.toString(), before, apiKeys.find(id).orElseThrow());
        });
        return ResponseEntity.noContent().build();
    }
}
