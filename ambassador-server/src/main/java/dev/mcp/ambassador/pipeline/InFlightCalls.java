package dev.mcp.ambassador.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The requests the pipeline is running right now, so that a decision taken while they run (a kill
 * switch) can stop them. Stopping one cancels it downstream through the same path a client's own
 * cancellation takes, and the pipeline then answers with the stopper's refusal.
 */
@Component
public class InFlightCalls {

    private final Set<Call> running = ConcurrentHashMap.newKeySet();

    /** Starts tracking {@code request}; the returned call's request is the one to run. */
    Call begin(DownstreamRequest request) {
        Call call = new Call(request);
        running.add(call);
        return call;
    }

    void end(Call call) {
        running.remove(call);
    }

    /**
     * Stops every running request that {@code which} selects: each is cancelled downstream and
     * answered with {@code refusal}. Returns how many were stopped.
     */
    public int stop(Predicate<DownstreamRequest> which, Outcome.Refused refusal) {
        int stopped = 0;
        for (Call call : List.copyOf(running)) {
            if (which.test(call.original) && call.stop(refusal)) {
                stopped++;
            }
        }
        return stopped;
    }

    /**
     * Why {@code request} was stopped while it ran ({@link #stop}); null when it was not, or when it
     * is not a request the pipeline is running.
     */
    public static Outcome.Refused stoppedBy(DownstreamRequest request) {
        return request.caller() instanceof Call call ? call.stoppedBy() : null;
    }

    /** How many requests are running now; for metrics and tests. */
    public int size() {
        return running.size();
    }

    /** One running request and the channel through which it can be stopped. */
    static final class Call implements ClientChannel {

        private final DownstreamRequest original;
        private final List<Runnable> onCancel = new ArrayList<>();
        private Outcome.Refused stoppedBy;
        private boolean cancelled;

        private Call(DownstreamRequest original) {
            this.original = original;
            if (original.caller() != null) {
                // The client's own cancellation still reaches the downstream.
                original.caller().onCancel(this::cancelDownstream);
            }
        }

        DownstreamRequest request() {
            return original.withCaller(this);
        }

        /** Why the request was stopped; null if it was not. */
        synchronized Outcome.Refused stoppedBy() {
            return stoppedBy;
        }

        private boolean stop(Outcome.Refused refusal) {
            synchronized (this) {
                if (stoppedBy != null) {
                    return false;
                }
                stoppedBy = refusal;
            }
            cancelDownstream();
            return true;
        }

        private void cancelDownstream() {
            List<Runnable> toRun;
            synchronized (this) {
                cancelled = true;
                toRun = List.copyOf(onCancel);
                onCancel.clear();
            }
            toRun.forEach(Runnable::run);
        }

        @Override
        public UUID userId() {
            return original.userId();
        }

        @Override
        public String sessionKey() {
            return original.caller() == null ? "none" : original.caller().sessionKey();
        }

        @Override
        public void notify(String method, JsonNode params) {
            if (original.caller() != null) {
                original.caller().notify(method, params);
            }
        }

        @Override
        public JsonNode ask(String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
            if (original.caller() == null) {
                throw new IllegalStateException("No client to ask.");
            }
            return original.caller().ask(method, params, timeout, cancellation);
        }

        @Override
        public boolean asksAtOnce() {
            return original.caller() != null && original.caller().asksAtOnce();
        }

        @Override
        public java.util.Map<String, JsonNode> askAll(
                java.util.Map<String, JsonNode> questions, Duration timeout, AskCancellation cancellation) {
            if (original.caller() == null) {
                throw new IllegalStateException("No client to ask.");
            }
            return original.caller().askAll(questions, timeout, cancellation);
        }

        @Override
        public JsonNode ask(
                String key, String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
            if (original.caller() == null) {
                throw new IllegalStateException("No client to ask.");
            }
            return original.caller().ask(key, method, params, timeout, cancellation);
        }

        @Override
        public void onCancel(Runnable cancel) {
            boolean runNow;
            synchronized (this) {
                runNow = cancelled;
                if (!runNow) {
                    onCancel.add(cancel);
                }
            }
            if (runNow) {
                cancel.run();
            }
        }
    }
}
