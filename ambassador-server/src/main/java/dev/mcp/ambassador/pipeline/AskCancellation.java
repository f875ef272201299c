package dev.mcp.ambassador.pipeline;

/**
 * Lets a downstream withdraw a request it sent the client ({@code notifications/cancelled}) while
 * the client is still being asked. What to do then is registered by whoever asks; it runs once.
 */
public final class AskCancellation {

    private Runnable onCancel;
    private boolean cancelled;

    /** Registers what withdrawing the request means; runs at once if it was already withdrawn. */
    public void onCancel(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = cancelled;
            if (!runNow) {
                onCancel = action;
            }
        }
        if (runNow) {
            action.run();
        }
    }

    public void cancel() {
        Runnable action;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            action = onCancel;
            onCancel = null;
        }
        if (action != null) {
            action.run();
        }
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }
}
