package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.audit.SecurityEvents;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
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
    private final SecurityEvents events;
    private final Clock clock;

    ApiKeyAdminController(ApiKeyService apiKeys, SecurityEvents events, Clock clock) {
        this.apiKeys = apiKeys;
        this.events = events;
        this.clock = clock;
    }

    record CreateApiKey(@NotBlank @Size(max = 200) String name) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeyService.IssuedApiKey create(
            @Valid @RequestBody CreateApiKey body, @AuthenticationPrincipal AuthenticatedUser caller) {
        ApiKeyService.IssuedApiKey issued = apiKeys.issue(caller.id(), body.name());
        events.record(new SecurityEvent(
                SecurityEvent.Type.API_KEY_ISSUED,
                clock.instant(),
                caller.id(),
                "key " + issued.id() + " prefix " + issued.prefix(),
                null,
                null));
        return issued;
    }

    @GetMapping
    List<ApiKeyService.ApiKeyView> list() {
        return apiKeys.list();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id, @AuthenticationPrincipal AuthenticatedUser caller) {
        if (!apiKeys.revoke(id)) {
            throw Problems.notFound("active API key");
        }
        events.record(new SecurityEvent(
                SecurityEvent.Type.API_KEY_REVOKED, clock.instant(), caller.id(), "key " + id, null, null));
        return ResponseEntity.noContent().build();
    }
}
