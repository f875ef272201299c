package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

/**
 * {@code /v1/admin/users}: the people who may use the ambassador. Every change is recorded as a
 * configuration change ({@code config.user.*}) with the user as the API shows it: never a password
 * or its hash.
 */
@RestController
@RequestMapping("/v1/admin/users")
class UserAdminController {

    private final IdentityService identity;
    private final UserRepository users;
    private final BrowserSessions browserSessions;
    private final ApplicationEventPublisher publisher;
    private final ConfigurationChanges changes;
    private final TransactionTemplate transactions;
    private final ChangeFeed feed;

    UserAdminController(
            IdentityService identity,
            UserRepository users,
            BrowserSessions browserSessions,
            ApplicationEventPublisher publisher,
            ConfigurationChanges changes,
            TransactionTemplate transactions,
            ChangeFeed feed) {
        this.feed = feed;
        this.identity = identity;
        this.users = users;
        this.browserSessions = browserSessions;
        this.publisher = publisher;
        this.changes = changes;
        this.transactions = transactions;
    }

    record CreateUser(
            @NotBlank
                    @Pattern(
                            regexp = "[A-Za-z0-9][A-Za-z0-9._@-]{0,127}",
                            message = "letters, digits and . _ @ - only, at most 128")
                    String username,
            @Size(max = 1024) String password,
            @Size(max = 200) String displayName,
            @NotEmpty Set<Role> roles) {}

    record PatchUser(UserStatus status, Set<Role> roles, @Size(max = 200) String displayName) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@Valid @RequestBody CreateUser body) {
        char[] password = body.password() == null ? null : body.password().toCharArray();
        return transactions.execute(status -> {
            UserView created = UserView.of(
                    identity.createUser(body.username(), body.displayName(), password, EnumSet.copyOf(body.roles())));
            // Recorded before the user commits: a change that cannot be recorded is rolled back.
            changes.record("user.created", created.id().toString(), null, created);
            return created;
        });
    }

    @GetMapping
    List<UserView> list() {
        return users.findAll().stream().map(UserView::of).toList();
    }

    @GetMapping("/{id}")
    UserView get(@PathVariable UUID id) {
        return users.findById(id).map(UserView::of).orElseThrow(() -> Problems.notFound("user"));
    }

    @PatchMapping("/{id}")
    UserView patch(@PathVariable UUID id, @Valid @RequestBody PatchUser body) {
        User before = users.findById(id).orElseThrow(() -> Problems.notFound("user"));
        if (body.roles() != null && body.roles().isEmpty()) {
            throw Problems.invalidField("roles", "must name at least one role");
        }
        // The status first: a registration racing this sees the user suspended, or its session is
        // among those the event ends.
        UserView after = transactions.execute(status -> {
            users.update(
                    id, body.status(), body.roles() == null ? null : EnumSet.copyOf(body.roles()), body.displayName());
            UserView view = get(id);
            changes.record(userChange(before, body.status()), id.toString(), UserView.of(before), view);
            if (body.status() != null && body.status() != before.status()) {
                feed.announce(Topic.USERS, id);
            }
            return view;
        });
        boolean rolesChanged =
                body.roles() != null && !EnumSet.copyOf(body.roles()).equals(before.roles());
        if (body.status() == UserStatus.SUSPENDED || rolesChanged) {
            browserSessions.endSessionsOf(id, null);
        }
        if (body.status() == UserStatus.ACTIVE && !before.active()) {
            publisher.publishEvent(new UserEnabledEvent(id));
        }
        if (body.status() == UserStatus.SUSPENDED) {
            publisher.publishEvent(new UserDisabledEvent(id));
        }
        return after;
    }

    private static String userChange(User before, UserStatus status) {
        if (status == UserStatus.SUSPENDED && before.active()) {
            return "user.suspended";
        }
        if (status == UserStatus.ACTIVE && !before.active()) {
            return "user.activated";
        }
        return "user.updated";
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        User before = users.findById(id).orElseThrow(() -> Problems.notFound("user"));
        // Suspended first, so no registration can start a session in between; then the sessions
        // end while they can still be found by user id; then the row goes.
        transactions.executeWithoutResult(status -> {
            users.update(id, UserStatus.SUSPENDED, null, null);
            feed.announce(Topic.USERS, id);
        });
        browserSessions.endSessionsOf(id, null);
        publisher.publishEvent(new UserDisabledEvent(id));
        transactions.executeWithoutResult(status -> {
            if (!users.delete(id)) {
                throw Problems.notFound("user");
            }
            changes.record("user.deleted", id.toString(), UserView.of(before), null);
        });
        return ResponseEntity.noContent().build();
    }
}
