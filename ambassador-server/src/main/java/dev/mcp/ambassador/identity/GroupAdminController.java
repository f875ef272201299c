package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.rbac.AccessChangedEvent;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
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

/**
 * {@code /v1/admin/groups}: groups of users that grants can name. Every change is recorded as a
 * configuration change ({@code config.group.*}).
 */
@RestController
@RequestMapping("/v1/admin/groups")
class GroupAdminController {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;
    private final ConfigurationChanges changes;
    private final TransactionTemplate transactions;
    private final ChangeFeed feed;

    GroupAdminController(
            JdbcClient jdbc,
            ApplicationEventPublisher publisher,
            ConfigurationChanges changes,
            TransactionTemplate transactions,
            ChangeFeed feed) {
        this.feed = feed;
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.changes = changes;
        this.transactions = transactions;
    }

    record CreateGroup(@NotBlank @Size(max = 128) String name, @Size(max = 1000) String description) {}

    record GroupView(UUID id, String name, String description, Instant createdAt) {}

    record AddMember(@NotNull UUID userId) {}

    /** What a membership change records: the group and the user, by id. */
    record MembershipView(UUID groupId, UUID userId) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    GroupView create(@Valid @RequestBody CreateGroup body) {
        UUID id = UUID.randomUUID();
        try {
            return transactions.execute(status -> {
                jdbc.sql("insert into groups (id, name, description) values (?, ?, ?)")
                        .params(id, body.name(), body.description())
                        .update();
                GroupView created = get(id);
                changes.record("group.created", id.toString(), null, created);
                return created;
            });
        } catch (DuplicateKeyException e) {
            throw Problems.conflict("A group named '" + body.name() + "' already exists.");
        }
    }

    @GetMapping
    List<GroupView> list() {
        return jdbc.sql("select id, name, description, created_at from groups order by name")
                .query(GroupView.class)
                .list();
    }

    @GetMapping("/{id}")
    GroupView get(@PathVariable UUID id) {
        return jdbc.sql("select id, name, description, created_at from groups where id = ?")
                .param(id)
                .query(GroupView.class)
                .optional()
                .orElseThrow(() -> Problems.notFound("group"));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        GroupView before = get(id);
        transactions.executeWithoutResult(status -> {
            if (jdbc.sql("delete from groups where id = ?").param(id).update() == 0) {
                throw Problems.notFound("group");
            }
            changes.record("group.deleted", id.toString(), before, null);
            feed.announce(Topic.GRANTS, id);
        });
        publisher.publishEvent(new AccessChangedEvent("group deleted"));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/members")
    List<UUID> members(@PathVariable UUID id) {
        get(id);
        return jdbc.sql("select user_id from group_members where group_id = ? order by user_id")
                .param(id)
                .query(UUID.class)
                .list();
    }

    @PostMapping("/{id}/members")
    ResponseEntity<Void> addMember(@PathVariable UUID id, @Valid @RequestBody AddMember body) {
        get(id);
        try {
            transactions.executeWithoutResult(status -> {
                int added = jdbc.sql(
                                "insert into group_members (group_id, user_id) values (?, ?) on conflict do nothing")
                        .params(id, body.userId())
                        .update();
                if (added == 1) {
                    changes.record("group.member_added", id.toString(), null, new MembershipView(id, body.userId()));
                    feed.announce(Topic.GRANTS, id);
                }
            });
        } catch (DataIntegrityViolationException e) {
            throw Problems.invalidField("user_id", "names no user");
        }
        publisher.publishEvent(new AccessChangedEvent("group member added"));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}/members/{userId}")
    ResponseEntity<Void> removeMember(@PathVariable UUID id, @PathVariable UUID userId) {
        transactions.executeWithoutResult(status -> {
            if (jdbc.sql("delete from group_members where group_id = ? and user_id = ?")
                            .params(id, userId)
                            .update()
                    == 0) {
                throw Problems.notFound("group member");
            }
            changes.record("group.member_removed", id.toString(), new MembershipView(id, userId), null);
            feed.announce(Topic.GRANTS, id);
        });
        publisher.publishEvent(new AccessChangedEvent("group member removed"));
        return ResponseEntity.noContent().build();
    }
}
