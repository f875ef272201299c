package dev.mcp.ambassador.killswitch;

import dev.mcp.ambassador.audit.Actors;
import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.pipeline.InFlightCalls;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/kill-switches}: stop requests at once, in a scope, with a reason; lift the
 * switch to let them through again. Setting one also stops the requests it covers that are
 * running, and every change is recorded as a configuration change.
 */
@RestController
@RequestMapping("/v1/admin/kill-switches")
class KillSwitchAdminController {

    private final KillSwitches switches;
    private final Catalog catalog;
    private final JdbcClient jdbc;
    private final InFlightCalls inFlight;
    private final ConfigurationChanges changes;
    private final TransactionTemplate transactions;
    private final Clock clock;

    KillSwitchAdminController(
            KillSwitches switches,
            Catalog catalog,
            JdbcClient jdbc,
            InFlightCalls inFlight,
            ConfigurationChanges changes,
            TransactionTemplate transactions,
            Clock clock) {
        this.switches = switches;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.inFlight = inFlight;
        this.changes = changes;
        this.transactions = transactions;
        this.clock = clock;
    }

    record CreateKillSwitch(
            @NotBlank String scope, @Size(max = 500) String target, @NotBlank @Size(max = 1000) String reason) {}

    record KillSwitchView(
            UUID id,
            String scope,
            String target,
            String reason,
            boolean active,
            String createdBy,
            Instant createdAt,
            String liftedBy,
            Instant liftedAt) {

        static KillSwitchView of(KillSwitch killSwitch) {
            return new KillSwitchView(
                    killSwitch.id(),
                    killSwitch.scope().code(),
                    killSwitch.target(),
                    killSwitch.reason(),
                    killSwitch.active(),
                    killSwitch.createdBy(),
                    killSwitch.createdAt(),
                    killSwitch.liftedBy(),
                    killSwitch.liftedAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    KillSwitchView create(@Valid @RequestBody CreateKillSwitch body) {
        Scope scope = Scope.parse(body.scope())
                .orElseThrow(() -> Problems.invalidField("scope", "use one of global, server, tool, user, key"));
        String target = checkedTarget(
                scope, body.target() == null ? null : body.target().trim());
        KillSwitch created = transactions.execute(status -> {
            KillSwitch inserted = switches.insert(scope, target, body.reason().strip(), Actors.current());
            // Recorded before the change commits: a change that cannot be recorded is rolled back.
            changes.record("kill_switch.created", inserted.id().toString(), null, KillSwitchView.of(inserted));
            return inserted;
        });
        inFlight.stop(request -> scope.stops(target, request), KillSwitchStep.refusal(created));
        return KillSwitchView.of(created);
    }

    @GetMapping
    List<KillSwitchView> list(@RequestParam(required = false) Boolean active) {
        return switches.list(active).stream().map(KillSwitchView::of).toList();
    }

    @GetMapping("/{id}")
    KillSwitchView get(@PathVariable UUID id) {
        return switches.find(id).map(KillSwitchView::of).orElseThrow(() -> Problems.notFound("kill switch"));
    }

    /** Lifts the switch; it stays listed, with who lifted it and when. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> lift(@PathVariable UUID id) {
        KillSwitch before = switches.find(id).orElseThrow(() -> Problems.notFound("kill switch"));
        transactions.executeWithoutResult(status -> {
            if (!switches.lift(id, Actors.current(), clock.instant())) {
                throw Problems.conflict("The kill switch was already lifted.");
            }
            changes.record(
                    "kill_switch.lifted",
                    id.toString(),
                    KillSwitchView.of(before),
                    KillSwitchView.of(switches.find(id).orElseThrow()));
        });
        return ResponseEntity.noContent().build();
    }

    private String checkedTarget(Scope scope, String target) {
        if (scope == Scope.GLOBAL) {
            if (target != null && !target.isEmpty()) {
                throw Problems.invalidField("target", "a global kill switch has no target");
            }
            return null;
        }
        if (target == null || target.isEmpty()) {
            throw Problems.invalidField("target", "a " + scope.code() + " kill switch needs a target");
        }
        switch (scope) {
            case SERVER -> requireServer(target);
            case TOOL -> {
                int slash = target.indexOf('/');
                if (slash <= 0 || slash == target.length() - 1) {
                    throw Problems.invalidField("target", "name the tool as <server>/<tool>");
                }
                requireServer(target.substring(0, slash));
            }
            case USER -> requireRow("users", target, "names no user");
            case KEY -> requireRow("preshared_keys", target, "names no preshared key");
            default -> throw new IllegalStateException(scope.name());
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
        boolean exists = jdbc.sql("select count(*) from " + table + " where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                > 0;
        if (!exists) {
            throw Problems.invalidField("target", message);
        }
        // Stored in the canonical form the step compares against.
        if (!id.toString().equals(target)) {
            throw Problems.invalidField("target", "write the id in lower case with hyphens");
        }
    }
}
