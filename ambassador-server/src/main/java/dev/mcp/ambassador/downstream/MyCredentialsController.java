package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.catalog.CredentialSpec;
import dev.mcp.ambassador.identity.AuthenticatedUser;
import dev.mcp.ambassador.rbac.AccessPolicy;
import dev.mcp.ambassador.vault.CredentialVault;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/me/credentials}: each user's own credentials for the servers that ask for them. Values
 * go into the vault and never come back out through the API: a user sees names and whether each is
 * set. A change ends the user's own process or session on that server, so the next call starts one
 * with the new values.
 */
@RestController
@RequestMapping("/v1/me/credentials")
class MyCredentialsController {

    static final int MAX_VALUE_LENGTH = 8192;

    private final Catalog catalog;
    private final CredentialVault vault;
    private final AccessPolicy access;
    private final DownstreamConnections connections;
    private final ConfigurationChanges changes;
    private final TransactionTemplate transactions;

    MyCredentialsController(
            Catalog catalog,
            CredentialVault vault,
            AccessPolicy access,
            DownstreamConnections connections,
            ConfigurationChanges changes,
            TransactionTemplate transactions) {
        this.catalog = catalog;
        this.vault = vault;
        this.access = access;
        this.connections = connections;
        this.changes = changes;
        this.transactions = transactions;
    }

    /** What the audit trail keeps of a change to a user's credentials: names, never values. */
    record CredentialChange(String server, String user, List<String> names) {}

    /** One credential as its owner sees it: never the value. */
    record CredentialView(
            String server,
            String name,
            String envVar,
            String header,
            String description,
            boolean required,
            boolean set) {}

    record PutCredentials(@NotNull Map<String, char[]> values) {
        @Override
        public String toString() {
            return "PutCredentials" + values.keySet();
        }
    }

    @GetMapping
    List<CredentialView> list(@AuthenticationPrincipal AuthenticatedUser caller) {
        Set<UUID> granted = access.grantedServers(caller.id());
        List<CredentialView> views = new ArrayList<>();
        for (CatalogServer server : catalog.findPublished()) {
            if (!granted.contains(server.id()) || server.credentials().isEmpty()) {
                continue;
            }
            Set<String> set = vault.names(server.id(), caller.id());
            for (CredentialSpec spec : server.credentials()) {
                views.add(new CredentialView(
                        server.slug(),
                        spec.name(),
                        spec.envVar(),
                        spec.header(),
                        spec.description(),
                        spec.required(),
                        set.contains(spec.name())));
            }
        }
        return views;
    }

    @PutMapping("/{server}")
    ResponseEntity<Void> put(
            @AuthenticationPrincipal AuthenticatedUser caller,
            @PathVariable String server,
            @RequestBody @jakarta.validation.Valid PutCredentials body) {
        try {
            CatalogServer target = ownServer(caller, server);
            for (Map.Entry<String, char[]> value : body.values().entrySet()) {
                requireValid(target, value.getKey(), value.getValue());
            }
            transactions.executeWithoutResult(status -> {
                vault.put(target.id(), caller.id(), body.values());
                // Recorded before the values commit: a change that cannot be recorded is rolled back.
                changes.record(
                        "credential.set",
                        target.id() + "/" + caller.id(),
                        null,
                        new CredentialChange(
                                target.slug(),
                                caller.id().toString(),
                                body.values().keySet().stream().sorted().toList()));
            });
            connections.stop(target.id(), caller.id());
            return ResponseEntity.noContent().build();
        } finally {
            body.values().values().forEach(value -> Arrays.fill(value, '\0'));
        }
    }

    @DeleteMapping("/{server}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AuthenticatedUser caller, @PathVariable String server) {
        CatalogServer target = ownServer(caller, server);
        transactions.executeWithoutResult(status -> {
            List<String> names =
                    vault.names(target.id(), caller.id()).stream().sorted().toList();
            vault.delete(target.id(), caller.id());
            changes.record(
                    "credential.deleted",
                    target.id() + "/" + caller.id(),
                    new CredentialChange(target.slug(), caller.id().toString(), names),
                    null);
        });
        connections.stop(target.id(), caller.id());
        return ResponseEntity.noContent().build();
    }

    /** A server the caller may use that asks its users for credentials; 404 alike for the rest. */
    private CatalogServer ownServer(AuthenticatedUser caller, String slug) {
        return catalog.findBySlug(slug)
                .filter(CatalogServer::published)
                .filter(server -> !server.credentials().isEmpty())
                .filter(server -> access.grantedServers(caller.id()).contains(server.id()))
                .orElseThrow(() -> Problems.notFound("server"));
    }

    private static void requireValid(CatalogServer server, String name, char[] value) {
        String field = "values." + name;
        CredentialSpec spec = server.credentials().stream()
                .filter(candidate -> candidate.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        Problems.invalidField(field, "server '" + server.slug() + "' asks for no such credential"));
        if (value == null || value.length == 0 || value.length > MAX_VALUE_LENGTH) {
            throw Problems.invalidField(field, "must be 1 to " + MAX_VALUE_LENGTH + " characters");
        }
        for (char c : value) {
            // Environment values end at NUL; header values allow printable ASCII only.
            boolean bad = c == '\0' || (spec.header() != null && (c < 0x20 || c > 0x7e));
            if (bad) {
                throw Problems.invalidField(field, "contains a character this credential cannot carry");
            }
        }
    }
}
