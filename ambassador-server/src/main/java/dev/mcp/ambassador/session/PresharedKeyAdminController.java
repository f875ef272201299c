package dev.mcp.ambassador.session;

import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.identity.UserRepository;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/preshared-keys}: issue (shown once), list and revoke. Both changes are recorded
 * as configuration changes ({@code config.preshared_key.*}) naming the key by id and prefix, never
 * by its value.
 */
@RestController
@RequestMapping("/v1/admin/preshared-keys")
class PresharedKeyAdminController {

    private final PresharedKeyService keys;
    private final ClientSessions sessions;
    private final UserRepository users;
    private final Catalog catalog;
    private final ConfigurationChanges changes;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PresharedKeyAdminController(
            PresharedKeyService keys,
            ClientSessions sessions,
            UserRepository users,
            Catalog catalog,
            ConfigurationChanges changes,
            TransactionTemplate transactions,
            Clock clock) {
        this.keys = keys;
        this.sessions = sessions;
        this.users = users;
        this.catalog = catalog;
        this.changes = changes;
        this.transactions = transactions;
        this.clock = clock;
    }

    record ScopeRequest(@NotBlank String server, @NotEmpty List<@NotBlank @Size(max = 200) String> allow) {}

    record CreatePresharedKey(
            @NotNull UUID userId,
            @NotBlank @Size(max = 200) String name,
            Instant expiresAt,
            @Size(min = 1, max = 100) List<@Valid ScopeRequest> scopes) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    PresharedKeyService.IssuedPresharedKey create(@Valid @RequestBody CreatePresharedKey body) {
        if (users.findById(body.userId()).isEmpty()) {
            throw Problems.invalidField("user_id", "names no user");
        }
        if (body.expiresAt() != null && !body.expiresAt().isAfter(clock.instant())) {
            throw Problems.invalidField("expires_at", "must be in the future");
        }
        List<PresharedKeyService.Scope> scopes = null;
        if (body.scopes() != null) {
            for (ScopeRequest scope : body.scopes()) {
                if (catalog.findBySlug(scope.server()).isEmpty()) {
                    throw Problems.invalidField("scopes", "server '" + scope.server() + "' is not in the catalog");
                }
            }
            scopes = body.scopes().stream()
                    .map(scope -> new PresharedKeyService.Scope(scope.server(), List.copyOf(scope.allow())))
                    .toList();
        }
        List<PresharedKeyService.Scope> chosen = scopes;
        return transactions.execute(status -> {
            PresharedKeyService.IssuedPresharedKey issued =
                    keys.issue(body.userId(), body.name(), body.expiresAt(), chosen);
            // The view, never the issued key: it carries the key itself.
            changes.record(
                    "preshared_key.issued",
                    issued.id().toString(),
                    null,
                    keys.find(issued.id()).orElseThrow());
            return issued;
        });
    }

    @GetMapping
    List<PresharedKeyService.PresharedKeyView> list(@RequestParam(name = "user_id", required = false) UUID userId) {
        return keys.list(userId);
    }

    /** Revokes the key and, at once, every session registered with it. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        transactions.executeWithoutResult(status -> {
            PresharedKeyService.PresharedKeyView before =
                    keys.find(id).orElseThrow(() -> Problems.notFound("active preshared key"));
            keys.revoke(id).orElseThrow(() -> Problems.notFound("active preshared key"));
            changes.record(
                    "preshared_key.revoked",
                    id.toString(),
                    before,
                    keys.find(id).orElseThrow());
        });
        sessions.revokeAllOfKey(id);
        return ResponseEntity.noContent().build();
    }
}
