package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.downstream.DownstreamException;
import dev.mcp.ambassador.redaction.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Asks many servers at once, each on its own virtual thread, so a list or an {@code initialize}
 * takes as long as the slowest server and not the sum of them all. A server that fails is left
 * out, with a warning, and the others' answers are kept in catalog order.
 */
final class EachServer {

    private EachServer() {}

    static <T> List<T> ask(List<CatalogServer> servers, Function<CatalogServer, T> question, Logger log, String what) {
        if (servers.size() == 1) {
            return answerOrSkip(servers.getFirst(), question, log, what)
                    .map(List::of)
                    .orElse(List.of());
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Optional<T>>> answers = servers.stream()
                    .map(server ->
                            CompletableFuture.supplyAsync(() -> answerOrSkip(server, question, log, what), threads))
                    .toList();
            List<T> all = new ArrayList<>();
            answers.forEach(answer -> answer.join().ifPresent(all::add));
            return all;
        }
    }

    private static <T> Optional<T> answerOrSkip(
            CatalogServer server, Function<CatalogServer, T> question, Logger log, String what) {
        try {
            return Optional.ofNullable(question.apply(server));
        } catch (DownstreamException e) {
            // One unreachable server must not hide what the others offer.
            log.warn("Leaving out the {} of '{}': {}", what, server.slug(), Redactor.escape(e.getMessage()));
            return Optional.empty();
        }
    }
}
