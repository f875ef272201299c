package dev.mcp.ambassador.session;

import dev.mcp.ambassador.identity.UserRepository;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/admin/preshared-keys}: issue (shown once), list and revoke. */
@RestController
@RequestMapping("/v1/admin/preshared-keys")
class PresharedKeyAdminController {

    private final PresharedKeyService keys;
    private final ClientSessions sessions;
    private final UserRepository users;
    private final Clock clock;

    PresharedKeyAdminController(PresharedKeyService keys, ClientSessions sessions, UserRepository users, Clock clock) {
        this.keys = keys;
        this.sessions = sessions;
        this.users = users;
        this.clock = clock;
    }

    record CreatePresharedKey(@NotNull UUID userId, @NotBlank @Size(max = 200) String name, Instant expiresAt) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    PresharedKeyService.IssuedPresharedKey create(@Valid @RequestBody CreatePresharedKey body) {
        if (users.findById(body.userId()).isEmpty()) {
            throw Problems.invalidField("user_id", "names no user");
        }
        if (body.expiresAt() != null && !body.expiresAt().isAfter(clock.instant())) {
            throw Problems.invalidField("expires_at", "must be in the future");
        }
        return keys.issue(body.userId(), body.name(), body.expiresAt());
    }

    @GetMapping
    List<PresharedKeyService.PresharedKeyView> list(@RequestParam(name = "user_id", required = false) UUID userId) {
        return keys.list(userId);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        if (!keys.revoke(id)) {
            throw Problems.notFound("active preshared key");
        }
        sessions.revokeAllOfKey(id);
        return ResponseEntity.noContent().build();
    }
}
