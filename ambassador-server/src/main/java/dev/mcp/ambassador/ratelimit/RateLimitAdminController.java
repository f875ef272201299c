package dev.mcp.ambassador.ratelimit;

import dev.mcp.ambassador.audit.Actors;
import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
 * {@code /v1/admin/rate-limits}: budgets per user, key, server, tool or user on a server. A change
 * applies from the next request on, on every replica, and is recorded as a configuration change.
 */
@RestController
@RequestMapping("/v1/admin/rate-limits")
class RateLimitAdminController {

    static final long MAX = 1_000_000;

    private final RateLimits limits;
    private final Catalog catalog;
    private final JdbcClient jdbc;
    private final ConfigurationChanges changes;
    private final TransactionTemplate transactions;

    RateLimitAdminController(
            RateLimits limits,
            Catalog catalog,
            JdbcClient jdbc,
            ConfigurationChanges changes,
            TransactionTemplate transactions) {
        this.limits = limits;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.changes = changes;
        this.transactions = transactions;
    }

    record CreateRateLimit(
            @NotBlank String scope,
            @Size(max = 500) String target,
            @NotNull @Min(1) @Max(MAX) Long capacity,
            @NotNull @Min(1) @Max(MAX) Long refillPerMinute) {}

    record RateLimitView(
            UUID id,
            String scope,
            String target,
            long capacity,
            long refillPerMinute,
            String createdBy,
            Instant createdAt) {

        static RateLimitView of(RateLimit limit) {
            return new RateLimitView(
                    limit.id(),
                    limit.scope().code(),
                    limit.target(),
                    limit.capacity(),
                    limit.refillPerMinute(),
                    limit.createdBy(),
                    limit.createdAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RateLimitView create(@Valid @RequestBody CreateRateLimit body) {
        Scope scope = Scope.parse(body.scope())
                .orElseThrow(() -> Problems.invalidField("scope", "use one of user, key, server, tool, user_server"));
        String target = checkedTarget(
                scope, body.target() == null ? null : body.target().trim());
        try {
            return transactions.execute(status -> {
                RateLimit inserted =
                        limits.insert(scope, target, body.capacity(), body.refillPerMinute(), Actors.current());
                RateLimitView view = RateLimitView.of(inserted);
                // Recorded before the change commits: a change that cannot be recorded is rolled back.
                changes.record("rate_limit.created", inserted.id().toString(), null, view);
                return view;
            });
        } catch (DuplicateKeyException e) {
            throw Problems.conflict("A rate limit for this scope and target exists already; delete it first.");
        }
    }

    @GetMapping
    List<RateLimitView> list() {
        return limits.list().stream().map(RateLimitView::of).toList();
    }

    @GetMapping("/{id}")
    RateLimitView get(@PathVariable UUID id) {
        return limits.find(id).map(RateLimitView::of).orElseThrow(() -> Problems.notFound("rate limit"));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        RateLimit before = limits.find(id).orElseThrow(() -> Problems.notFound("rate limit"));
        transactions.executeWithoutResult(status -> {
            if (!limits.delete(id)) {
                throw Problems.notFound("rate limit");
            }
            changes.record("rate_limit.deleted", id.toString(), RateLimitView.of(before), null);
        });
        return ResponseEntity.noContent().build();
    }

    /** The target in the form the policy compares against; null for "each member of the scope". */
    private String checkedTarget(Scope scope, String target) {
        if (target == null || target.isEmpty()) {
            return null;
        }
        switch (scope) {
            case SERVER, USER_SERVER -> requireServer(target);
            case TOOL -> {
                int slash = target.indexOf('/');
                if (slash <= 0 || slash == target.length() - 1) {
                    throw Problems.invalidField("target", "name the tool as <server>/<tool>");
                }
                requireServer(target.substring(0, slash));
            }
            case USER -> requireRow("users", target, "names no user");
            case KEY -> requireRow("preshared_keys", target, "names no preshared key");
        }
        return target;
    }

    private void requireServer(String slug) {
        if (catalog.findBySlug(slug).isEmpty()) {
            throw Problems.invalidField("target", "names no server in the catalog");
        }
    }

    private void requireRow(String table, String target, String message) {
        UUID id;
        try {
            id = UUID.fromString(target);
        } catch (IllegalArgumentException e) {
            throw Problems.invalidField("target", "is not an id");
        }
        // Stored in the canonical form the policy compares against.
        if (!id.toString().equals(target)) {
            throw Problems.invalidField("target", "write the id in lower case with hyphens");
        }
        boolean exists = jdbc.sql("select count(*) from " + table + " where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                > 0;
        if (!exists) {
            throw Problems.invalidField("target", message);
        }
    }
}
