package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/admin/api-keys}: keys that act with the issuing admin's roles. */
@RestController
@RequestMapping("/v1/admin/api-keys")
class ApiKeyAdminController {

    private final ApiKeyService apiKeys;

    ApiKeyAdminController(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    record CreateApiKey(@NotBlank @Size(max = 200) String name) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeyService.IssuedApiKey create(
            @Valid @RequestBody CreateApiKey body, @AuthenticationPrincipal AuthenticatedUser caller) {
        return apiKeys.issue(caller.id(), body.name());
    }

    @GetMapping
    List<ApiKeyService.ApiKeyView> list() {
        return apiKeys.list();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        if (!apiKeys.revoke(id)) {
            throw Problems.notFound("active API key");
        }
        return ResponseEntity.noContent().build();
    }
}
