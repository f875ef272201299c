package dev.mcp.ambassador.mcp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The door of {@code /mcp}: it counts the requests being answered, and once the server begins to
 * shut down it refuses new ones with a 503 and a JSON-RPC error that says so. GET streams are not
 * counted: they last as long as their session, which the shutdown ends itself.
 */
@Component
class ShutdownGate extends OncePerRequestFilter {

    static final String REFUSAL = "The ambassador is shutting down. Try again in a moment.";
    static final long RETRY_AFTER_SECONDS = 5;

    private final JsonMapper json;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private boolean closed;
    private int inProgress;

    ShutdownGate(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"/mcp".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean counted = !HttpMethod.GET.matches(request.getMethod());
        if (!enter(counted)) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream()
                    .write(json.writeValueAsBytes(JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, REFUSAL)));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (counted) {
                leave();
            }
        }
    }

    /**
     * Lets requests in again. A context is started again after a stop when it is paused and
     * resumed (as the test framework does with cached contexts), not only when it first starts.
     */
    void open() {
        lock.lock();
        try {
            closed = false;
        } finally {
            lock.unlock();
        }
    }

    /** From now on every new request is refused. */
    void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no counted request is being answered, at most {@code timeout}; true if none is. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (inProgress > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int inProgress() {
        lock.lock();
        try {
            return inProgress;
        } finally {
            lock.unlock();
        }
    }

    private boolean enter(boolean counted) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (counted) {
                inProgress++;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            if (--inProgress == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
