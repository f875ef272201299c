package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.catalog.CredentialSpec;
import dev.mcp.ambassador.catalog.SandboxPolicy;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.identity.AuthenticatedUser;
import dev.mcp.ambassador.rbac.AccessChangedEvent;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
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

    private static final String STATUS = "draft|published|archived";
    private static final String ISOLATION = "shared|per_user";
    private static final String PROTOCOL = "auto|2025-11-25|2026-07-28";
    private static final String PROTOCOL_MESSAGE = "must be auto, 2025-11-25 or 2026-07-28";
    private static final String NAME_MAPPING = "always|never|when_ambiguous";

    private final Catalog catalog;
    private final CatalogSecrets secrets;
    private final DownstreamConnections connections;
    private final Duration maxCallTimeout;
    private final ApplicationEventPublisher publisher;
    private final RemoteServerFields remote;
    private final ChildCommandPolicy commands;
    private final ServerChanges changes;
    private final TransactionTemplate transactions;
    private final NameCollisions collisions;

    CatalogAdminController(
            Catalog catalog,
            DownstreamConnections connections,
            AmbassadorProperties properties,
            ApplicationEventPublisher publisher,
            DownstreamAddressGuard guard,
            ChildLauncher launcher,
            ServerChanges changes,
            TransactionTemplate transactions,
            CatalogSecrets secrets,
            NameCollisions collisions) {
        this.collisions = collisions;
        this.secrets = secrets;
        this.commands = launcher.policy();
        this.changes = changes;
        this.transactions = transactions;
        this.catalog = catalog;
        this.connections = connections;
        this.maxCallTimeout = properties.mcp().maxCallTimeout();
        this.publisher = publisher;
        this.remote = new RemoteServerFields(guard);
    }

    record CreateServer(
            @NotBlank
                    @Size(max = 63)
                    @Pattern(
                            regexp = "[a-z0-9]+(-[a-z0-9]+)*",
                            message = "lower-case letters and digits, single dashes between them")
                    String slug,
            @Size(max = 200) String displayName,
            @NotBlank @Pattern(regexp = "stdio|http", message = "must be stdio or http") String transport,
            List<@NotBlank String> command,
            Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "not a variable name") String, String> env,
            String url,
            Map<String, String> headers,
            @Pattern(regexp = ISOLATION, message = "must be shared or per_user") String isolation,
            @Pattern(regexp = STATUS, message = "must be draft, published or archived") String status,
            @Positive Integer callTimeoutSeconds,
            @Valid SandboxPolicy sandbox,
            List<@Valid CredentialSpec> credentials,
            @Pattern(regexp = PROTOCOL, message = PROTOCOL_MESSAGE) String protocol,
            @Pattern(regexp = NAME_MAPPING, message = "must be always, never or when_ambiguous") String nameMapping) {}

    record PatchServer(
            @Size(max = 200) String displayName,
            List<@NotBlank String> command,
            Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "not a variable name") String, String> env,
            String url,
            Map<String, String> headers,
            @Pattern(regexp = ISOLATION, message = "must be shared or per_user") String isolation,
            @Pattern(regexp = STATUS, message = "must be draft, published or archived") String status,
            @Positive Integer callTimeoutSeconds,
            @Valid SandboxPolicy sandbox,
            List<@Valid CredentialSpec> credentials,
            @Pattern(regexp = PROTOCOL, message = PROTOCOL_MESSAGE) String protocol,
            @Pattern(regexp = NAME_MAPPING, message = "must be always, never or when_ambiguous") String nameMapping) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ServerView create(@Valid @RequestBody CreateServer body, @AuthenticationPrincipal AuthenticatedUser caller) {
        boolean http = "http".equals(body.transport());
        if (http) {
            requireStdioFieldsAbsent(body.command(), body.env(), body.sandbox());
            remote.requireUrl(body.url());
            remote.requireHeaders(body.headers());
        } else {
            requireRunnable(body.command(), body.env());
            requireHttpFieldsAbsent(body.url(), body.headers());
        }
        requireProtocolServed(body.transport(), body.protocol());
        requireCallTimeoutWithinCap(body.callTimeoutSeconds());
        CredentialSpecs.require(
                body.credentials(), body.transport(), Objects.requireNonNullElse(body.isolation(), "shared"), remote);
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
            @Valid @RequestBody PatchServer body,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        CatalogServer current = find(slug);
        if ("http".equals(current.transport())) {
            requireStdioFieldsAbsent(body.command(), body.env(), body.sandbox());
            if (body.url() != null) {
                remote.requireUrl(body.url());
            }
            remote.requireHeaders(body.headers());
        } else {
            requireRunnable(
                    body.command() == null ? current.command() : body.command(),
                    body.env() == null ? current.env() : body.env());
            requireHttpFieldsAbsent(body.url(), body.headers());
        }
        requireProtocolServed(current.transport(), body.protocol());
        requireCallTimeoutWithinCap(body.callTimeoutSeconds());
        CredentialSpecs.require(
                body.credentials() == null ? current.credentials() : body.credentials(),
                current.transport(),
                Objects.requireNonNullElse(body.isolation(), current.isolation()),
                remote);
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

    private static void requireStdioFieldsAbsent(List<String> command, Map<String, String> env, SandboxPolicy sandbox) {
        if (command != null) {
            throw Problems.invalidField("command", "applies to stdio servers only");
        }
        if (env != null) {
            throw Problems.invalidField("env", "applies to stdio servers only");
        }
        if (sandbox != null) {
            throw Problems.invalidField("sandbox", "applies to stdio servers only");
        }
    }

    /** The operator's allow-list and the loader variables, checked before anything is stored. */
    private void requireRunnable(List<String> command, Map<String, String> env) {
        commands.refuseCommand(command).ifPresent(reason -> {
            throw Problems.invalidField("command", reason);
        });
        commands.refuseEnvironment(env).ifPresent(reason -> {
            throw Problems.invalidField("env", reason);
        });
    }

    private static void requireHttpFieldsAbsent(String url, Map<String, String> headers) {
        if (url != null) {
            throw Problems.invalidField("url", "applies to http servers only");
        }
        if (headers != null) {
            throw Problems.invalidField("headers", "applies to http servers only");
        }
    }

    /** A stdio server is reached in the legacy era only; {@code auto} means that there. */
    private static void requireProtocolServed(String transport, String protocol) {
        if (CatalogServer.PROTOCOL_MODERN.equals(protocol) && !"http".equals(transport)) {
            throw Problems.invalidField(
                    "protocol", "2026-07-28 applies to http servers only; a stdio server is reached at 2025-11-25");
        }
    }

    private void requireCallTimeoutWithinCap(Integer seconds) {
        if (seconds != null && seconds > maxCallTimeout.toSeconds()) {
            throw Problems.invalidField(
                    "call_timeout_seconds",
                    "must be at most " + maxCallTimeout.toSeconds() + " (ambassador.mcp.max-call-timeout)");
        }
    }

    private CatalogServer find(String slug) {
        return catalog.findBySlug(slug).orElseThrow(() -> Problems.notFound("server"));
    }

    /**
     * A catalog entry as the API shows it. Environment and header values often hold credentials, so
     * only their names are shown.
     */
    record ServerView(
            UUID id,
            String slug,
            String displayName,
            String transport,
            List<String> command,
            List<String> envNames,
            String url,
            List<String> headerNames,
            String isolation,
            String status,
            Integer callTimeoutSeconds,
            SandboxPolicy sandbox,
            List<CredentialSpec> credentials,
            String protocol,
            String nameMapping,
            java.time.Instant createdAt,
            java.time.Instant updatedAt) {
        static ServerView of(CatalogServer server) {
            return new ServerView(
                    server.id(),
                    server.slug(),
                    server.displayName(),
                    server.transport(),
                    server.command(),
                    "stdio".equals(server.transport())
                            ? server.env().keySet().stream().sorted().toList()
                            : null,
                    server.url(),
                    "http".equals(server.transport())
                            ? server.headers().keySet().stream().sorted().toList()
                            : null,
                    server.isolation(),
                    server.status(),
                    server.callTimeoutSeconds(),
                    "stdio".equals(server.transport()) ? server.sandbox() : null,
                    server.credentials(),
                    server.protocol(),
                    server.nameMapping(),
                    server.createdAt(),
                    server.updatedAt());
        }
    }
}
