package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.identity.AuthenticatedUser;
import dev.mcp.ambassador.rbac.AccessChangedEvent;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/admin/servers}: the catalog of downstream MCP servers. A {@code stdio} server has an
 * argument vector and environment; an {@code http} server has a URL, checked by {@link
 * DownstreamAddressGuard}, and headers sent with every request. Environment values and header
 * values are write-only: they are sealed in the vault ({@link CatalogSecrets}) and every view
 * shows their names only. Every change is recorded by {@link ServerChanges}.
 */
@RestController
@RequestMapping("/v1/admin/servers")
class CatalogAdminController {

    private final Catalog catalog;
    private final CatalogSecrets secrets;
    private final DownstreamConnections connections;
    private final ApplicationEventPublisher publisher;
    private final CatalogEntryChecks checks;
    private final ServerChanges changes;
    private final TransactionTemplate transactions;
    private final NameCollisions collisions;

    CatalogAdminController(
            Catalog catalog,
            DownstreamConnections connections,
            ApplicationEventPublisher publisher,
            CatalogEntryChecks checks,
            ServerChanges changes,
            TransactionTemplate transactions,
            CatalogSecrets secrets,
            NameCollisions collisions) {
        this.catalog = catalog;
        this.secrets = secrets;
        this.connections = connections;
        this.publisher = publisher;
        this.checks = checks;
        this.changes = changes;
        this.transactions = transactions;
        this.collisions = collisions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ServerView create(
            @Valid @RequestBody ServerBodies.CreateServer body, @AuthenticationPrincipal AuthenticatedUser caller) {
        checks.requireCreatable(body);
        boolean http = "http".equals(body.transport());
        CatalogServer server = new CatalogServer(
                UUID.randomUUID(),
                body.slug(),
                Objects.requireNonNullElse(body.displayName(), body.slug()),
                body.transport(),
                http ? List.of() : List.copyOf(body.command()),
                body.env() == null ? Map.of() : Map.copyOf(body.env()),
                http ? body.url() : null,
                body.headers() == null ? Map.of() : Map.copyOf(body.headers()),
                Objects.requireNonNullElse(body.isolation(), "shared"),
                Objects.requireNonNullElse(body.status(), "draft"),
                body.callTimeoutSeconds(),
                null,
                null,
                body.sandbox(),
                body.credentials(),
                body.protocol(),
                Objects.requireNonNullElse(body.nameMapping(), CatalogServer.MAP_ALWAYS));
        try {
            ServerView created = transactions.execute(status -> {
                CatalogServer inserted = secrets.insert(server);
                // Recorded before the entry commits: a change that cannot be recorded is rolled back.
                changes.created(inserted);
                return ServerView.of(inserted);
            });
            CatalogServer inserted = find(body.slug());
            refuseCollision(inserted, inserted, "draft", caller);
            publisher.publishEvent(new AccessChangedEvent("server added"));
            return created;
        } catch (DuplicateKeyException e) {
            throw Problems.conflict("A server with slug '" + body.slug() + "' already exists.");
        }
    }

    @GetMapping
    List<ServerView> list() {
        return catalog.findAll().stream().map(ServerView::of).toList();
    }

    @GetMapping("/{slug}")
    ServerView get(@PathVariable String slug) {
        return ServerView.of(find(slug));
    }

    @PatchMapping("/{slug}")
    ServerView patch(
            @PathVariable String slug,
            @Valid @RequestBody ServerBodies.PatchServer body,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        CatalogServer current = find(slug);
        checks.requirePatchable(current, body);
        CatalogServer updated = new CatalogServer(
                current.id(),
                current.slug(),
                Objects.requireNonNullElse(body.displayName(), current.displayName()),
                current.transport(),
                body.command() == null ? current.command() : List.copyOf(body.command()),
                body.env() == null ? current.env() : Map.copyOf(body.env()),
                body.url() == null ? current.url() : body.url(),
                body.headers() == null ? current.headers() : Map.copyOf(body.headers()),
                Objects.requireNonNullElse(body.isolation(), current.isolation()),
                Objects.requireNonNullElse(body.status(), current.status()),
                body.callTimeoutSeconds() == null ? current.callTimeoutSeconds() : body.callTimeoutSeconds(),
                current.createdAt(),
                current.updatedAt(),
                body.sandbox() == null ? current.sandbox() : body.sandbox(),
                body.credentials() == null ? current.credentials() : body.credentials(),
                Objects.requireNonNullElse(body.protocol(), current.protocol()),
                Objects.requireNonNullElse(body.nameMapping(), current.nameMapping()));
        CatalogServer saved = transactions.execute(status -> {
            CatalogServer written = secrets.update(updated, body.env(), body.headers());
            changes.updated(current, written);
            return written;
        });
        connections.stop(saved.id());
        refuseCollision(saved, current, current.status(), caller);
        publisher.publishEvent(new AccessChangedEvent("server changed"));
        return ServerView.of(saved);
    }

    @DeleteMapping("/{slug}")
    ResponseEntity<Void> delete(@PathVariable String slug) {
        CatalogServer server = find(slug);
        transactions.executeWithoutResult(status -> {
            if (!catalog.delete(server.id())) {
                throw Problems.notFound("server");
            }
            changes.deleted(server);
        });
        connections.stop(server.id());
        publisher.publishEvent(new AccessChangedEvent("server removed"));
        return ResponseEntity.noContent().build();
    }

    /** The server's running processes and their redacted stderr, for diagnosis. */
    @GetMapping("/{slug}/instances")
    List<DownstreamConnections.Instance> instances(@PathVariable String slug) {
        return connections.instances(find(slug).id());
    }

    /** Starts the server if needed and lists the tools it offers, so an admin can write grants. */
    @PostMapping("/{slug}/discover")
    Map<String, List<JsonNode>> discover(@PathVariable String slug, @AuthenticationPrincipal AuthenticatedUser caller) {
        CatalogServer server = find(slug);
        try {
            return Map.of("tools", connections.listTools(server, caller.id()));
        } catch (DownstreamException e) {
            throw Problems.of(HttpStatus.BAD_GATEWAY, "downstream-unavailable", e.getMessage());
        }
    }

    /**
     * A server published with {@code name_mapping: never} whose names another published server
     * shows too is put back as it was ({@code before}'s status and name mapping; a new entry stays
     * a draft), and the request is refused with 409 naming the collision. It is checked once saved,
     * since only then can the server be started with its stored secrets.
     */
    private void refuseCollision(
            CatalogServer saved, CatalogServer before, String statusBefore, AuthenticatedUser caller) {
        Optional<String> collision;
        try {
            collision = collisions.first(saved, caller.id());
        } catch (DownstreamException e) {
            collision = Optional.of("its names could not be checked (" + e.getMessage() + ")");
        }
        if (collision.isEmpty()) {
            return;
        }
        CatalogServer reverted = new CatalogServer(
                saved.id(),
                saved.slug(),
                saved.displayName(),
                saved.transport(),
                saved.command(),
                saved.env(),
                saved.url(),
                saved.headers(),
                saved.isolation(),
                statusBefore,
                saved.callTimeoutSeconds(),
                saved.createdAt(),
                saved.updatedAt(),
                saved.sandbox(),
                saved.credentials(),
                saved.protocol(),
                before.nameMapping());
        transactions.executeWithoutResult(status -> changes.updated(saved, catalog.update(reverted)));
        connections.stop(saved.id());
        throw Problems.conflict("Server '" + saved.slug() + "' cannot be published with name_mapping never: "
                + collision.get() + ". Use name_mapping when_ambiguous or always; the entry was left "
                + statusBefore + ".");
    }

    private CatalogServer find(String slug) {
        return catalog.findBySlug(slug).orElseThrow(() -> Problems.notFound("server"));
    }
}
