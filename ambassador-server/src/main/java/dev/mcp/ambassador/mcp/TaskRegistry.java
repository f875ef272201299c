package dev.mcp.ambassador.mcp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The tasks clients created through the ambassador (MCP tasks, 2025-11-25), and whose each one is.
 * A downstream's task ids are its own, and a process shared by many users hands out ids from one
 * space; so clients see ids of the ambassador's (random, unguessable), and a task is found only
 * for the user who created it.
 *
 * <p>Tasks are forgotten a day after they were created, and a user keeps at most {@link
 * #MAX_PER_USER}, so a client that never asks for its results cannot grow this without bound.
 */
@Component
class TaskRegistry {

    static final int MAX_PER_USER = 1_000;
    private static final Duration KEPT_FOR = Duration.ofDays(1);

    /** A task as the ambassador knows it. */
    record Task(
            String clientId,
            UUID userId,
            String mcpSessionId,
            UUID serverId,
            String serverSlug,
            String connectionId,
            String downstreamId,
            String toolName,
            Instant createdAt) {}

    private final Map<String, Task> byClientId = new ConcurrentHashMap<>();
    private final Clock clock;

    TaskRegistry(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param connectionId the process or session that created the task: ids are only unique within
     *     it, and a restarted process may hand out the same ones again
     * @param toolName the tool whose call created the task: using the task is using that tool
     */
    Task register(
            UUID userId,
            String mcpSessionId,
            UUID serverId,
            String serverSlug,
            String connectionId,
            String downstreamId,
            String toolName) {
        forgetExpired();
        Task task = new Task(
                UUID.randomUUID().toString(),
                userId,
                mcpSessionId,
                serverId,
                serverSlug,
                connectionId,
                downstreamId,
                toolName,
                clock.instant());
        byClientId.put(task.clientId(), task);
        enforcePerUserLimit(userId);
        return task;
    }

    /** The task with this client-facing id, if {@code userId} created it. */
    Optional<Task> find(String clientId, UUID userId) {
        Task task = clientId == null ? null : byClientId.get(clientId);
        if (task == null || !task.userId().equals(userId) || expired(task)) {
            return Optional.empty();
        }
        return Optional.of(task);
    }

    /** The task the process or session {@code connectionId} names by its own id. */
    Optional<Task> findDownstream(String connectionId, String downstreamId) {
        return byClientId.values().stream()
                .filter(task -> task.connectionId().equals(connectionId)
                        && task.downstreamId().equals(downstreamId)
                        && !expired(task))
                .findFirst();
    }

    /** As above, and only if {@code userId} created it. */
    Optional<Task> findDownstream(String connectionId, String downstreamId, UUID userId) {
        return byClientId.values().stream()
                .filter(task -> task.userId().equals(userId)
                        && task.connectionId().equals(connectionId)
                        && task.downstreamId().equals(downstreamId)
                        && !expired(task))
                .findFirst();
    }

    private boolean expired(Task task) {
        return task.createdAt().plus(KEPT_FOR).isBefore(clock.instant());
    }

    private void forgetExpired() {
        byClientId.values().removeIf(this::expired);
    }

    private void enforcePerUserLimit(UUID userId) {
        var mine = byClientId.values().stream()
                .filter(task -> task.userId().equals(userId))
                .toList();
        if (mine.size() > MAX_PER_USER) {
            mine.stream()
                    .sorted(Comparator.comparing(Task::createdAt))
                    .limit(mine.size() - MAX_PER_USER)
                    .forEach(oldest -> byClientId.remove(oldest.clientId()));
        }
    }
}
