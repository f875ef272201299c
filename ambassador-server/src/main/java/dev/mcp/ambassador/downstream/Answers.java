package dev.mcp.ambassador.downstream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/** Waits for a downstream's answer, turning every way it can fail into a message safe to show. */
final class Answers {

    private Answers() {}

    /** The answer, or a {@link DownstreamException} that says the server timed out, failed, or the wait was cut short. */
    static JsonNode await(CompletableFuture<JsonNode> answer, Duration timeout, String slug) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DownstreamException(
                    "Server '" + slug + "' did not answer within " + timeout.toSeconds() + " s.", true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DownstreamException d
                    ? d
                    : new DownstreamException("Server '" + slug + "' failed.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamException("The call to server '" + slug + "' was interrupted.");
        }
    }
}
