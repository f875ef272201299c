package dev.mcp.ambassador.rbac;

import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/admin/grants}: who may use which tools, prompts and resources of which server. */
@RestController
@RequestMapping("/v1/admin/grants")
class GrantAdminController {

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final ApplicationEventPublisher publisher;
    private final ConfigurationChanges changes;
    private final TransactionTemplate transactions;
    private final ChangeFeed feed;

    GrantAdminController(
            JdbcClient jdbc,
            Catalog catalog,
            ApplicationEventPublisher publisher,
            ConfigurationChanges changes,
            TransactionTemplate transactions,
            ChangeFeed feed) {
        this.feed = feed;
        this.jdbc = jdbc;
        this.changes = changes;
        this.transactions = transactions;
        this.catalog = catalog;
        this.publisher = publisher;
    }

    /** Each list holds glob patterns; an omitted list is empty. Deny wins over allow. */
    record CreateGrant(
            UUID userId,
            UUID groupId,
            @NotBlank String server,
            @Size(max = 100) List<@NotBlank @Size(max = 200) String> allow,
            @Size(max = 100) List<@NotBlank @Size(max = 200) String> deny,
            @Size(max = 100) List<@NotBlank @Size(max = 2000) String> promptAllow,
            @Size(max = 100) List<@NotBlank @Size(max = 2000) String> promptDeny,
            @Size(max = 100) List<@NotBlank @Size(max = 2000) String> resourceAllow,
            @Size(max = 100) List<@NotBlank @Size(max = 2000) String> resourceDeny) {}

    record GrantView(
            UUID id,
            UUID userId,
            UUID groupId,
            String server,
            List<String> allow,
            List<String> deny,
            List<String> promptAllow,
            List<String> promptDeny,
            List<String> resourceAllow,
            List<String> resourceDeny,
            java.time.Instant createdAt) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    GrantView create(@Valid @RequestBody CreateGrant body) {
        if ((body.userId() == null) == (body.groupId() == null)) {
            throw Problems.invalidField("user_id", "give exactly one of user_id and group_id");
        }
        if (empty(body.allow()) && empty(body.promptAllow()) && empty(body.resourceAllow())) {
            throw Problems.invalidField("allow", "allow at least one tool, prompt or resource pattern");
        }
        CatalogServer server = catalog.findBySlug(body.server())
                .orElseThrow(() -> Problems.invalidField("server", "names no server in the catalog"));
        UUID id = UUID.randomUUID();
        GrantView created;
        try {
            created = transactions.execute(status -> {
                insert(id, server, body);
                GrantView view = view(id);
                // Recorded before the grant commits: a change that cannot be recorded is rolled back.
                changes.record("grant.created", id.toString(), null, view);
                feed.announce(Topic.GRANTS, id);
                return view;
            });
        } catch (DataIntegrityViolationException e) {
            throw Problems.invalidField(body.userId() != null ? "user_id" : "group_id", "names no such user or group");
        }
        publisher.publishEvent(new AccessChangedEvent("grant created"));
        return created;
    }

    @GetMapping
    List<GrantView> list() {
        return jdbc.sql(select() + " order by g.created_at")
                .query(GrantAdminController::mapView)
                .list();
    }

    @GetMapping("/{id}")
    GrantView get(@PathVariable UUID id) {
        return view(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        GrantView before = view(id);
        transactions.executeWithoutResult(status -> {
            if (jdbc.sql("delete from grants where id = ?").param(id).update() == 0) {
                throw Problems.notFound("grant");
            }
            changes.record("grant.deleted", id.toString(), before, null);
            feed.announce(Topic.GRANTS, id);
        });
        publisher.publishEvent(new AccessChangedEvent("grant deleted"));
        return ResponseEntity.noContent().build();
    }

    private void insert(UUID id, CatalogServer server, CreateGrant body) {
        jdbc.sql("insert into grants (id, user_id, group_id, server_id, allow, deny, prompt_allow, prompt_deny,"
                        + " resource_allow, resource_deny) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        body.userId(),
                        body.groupId(),
                        server.id(),
                        array(body.allow()),
                        array(body.deny()),
                        array(body.promptAllow()),
                        array(body.promptDeny()),
                        array(body.resourceAllow()),
                        array(body.resourceDeny()))
                .update();
    }

    private static boolean empty(List<String> patterns) {
        return patterns == null || patterns.isEmpty();
    }

    private static String[] array(List<String> patterns) {
        return patterns == null ? new String[0] : patterns.toArray(String[]::new);
    }

    private GrantView view(UUID id) {
        return jdbc.sql(select() + " where g.id = ?")
                .param(id)
                .query(GrantAdminController::mapView)
                .optional()
                .orElseThrow(() -> Problems.notFound("grant"));
    }

    private static String select() {
        return "select g.id, g.user_id, g.group_id, g.server_id, g.allow, g.deny, g.prompt_allow, g.prompt_deny,"
                + " g.resource_allow, g.resource_deny, g.created_at, s.slug"
                + " from grants g join servers s on s.id = g.server_id";
    }

    private static GrantView mapView(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Grant grant = AccessPolicy.map(rs, row);
        return new GrantView(
                grant.id(),
                grant.userId(),
                grant.groupId(),
                rs.getString("slug"),
                grant.allow(),
                grant.deny(),
                grant.promptAllow(),
                grant.promptDeny(),
                grant.resourceAllow(),
                grant.resourceDeny(),
                grant.createdAt());
    }
}
