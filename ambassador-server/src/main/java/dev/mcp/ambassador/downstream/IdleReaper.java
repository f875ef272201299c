package dev.mcp.ambassador.downstream;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Stops stdio processes nobody has used for {@code ambassador.sandbox.idle-timeout}, so processes
 * (and their memory) do not pile up for users who have gone. Looks every half timeout, at least
 * every minute and at most every second.
 */
@Component
class IdleReaper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IdleReaper.class);

    private final ScheduledExecutorService schedule;

    IdleReaper(DownstreamConnections connections, SandboxProperties sandbox) {
        Duration idleTimeout = sandbox.idleTimeout();
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            schedule = null;
            return;
        }
        long everyMillis = Math.clamp(idleTimeout.toMillis() / 2, 1_000, 60_000);
        schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("idle-reaper").daemon().factory());
        schedule.scheduleWithFixedDelay(
                () -> {
                    try {
                        int reaped = connections.reapIdle(idleTimeout);
                        if (reaped > 0) {
                            log.info("Stopped {} downstream processes idle for {}", reaped, idleTimeout);
                        }
                    } catch (RuntimeException e) {
                        log.warn(
                                "Could not stop idle downstream processes: {}",
                                e.getClass().getSimpleName());
                    }
                },
                everyMillis,
                everyMillis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
