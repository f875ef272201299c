package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.downstream.DownstreamException;
import dev.mcp.ambassador.support.TestCatalog;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EachServerTests {

    private final List<CatalogServer> servers = List.of(
            TestCatalog.sharedStdioServer("a"), TestCatalog.sharedStdioServer("b"), TestCatalog.sharedStdioServer("c"));

    @Test
    void askWhenOneServerFailsThenTheOthersAnswerInCatalogOrder() {
        List<String> answers = EachServer.ask(
                servers,
                server -> {
                    if (server.slug().equals("b")) {
                        throw new DownstreamException("Server 'b' could not be reached.");
                    }
                    return server.slug().toUpperCase();
                },
                LoggerFactory.getLogger(EachServerTests.class),
                "tools");

        assertThat(answers).containsExactly("A", "C");
    }

    @Test
    void askWhenServersAreSlowThenTheyAreAskedAtOnceNotOneAfterAnother() {
        // Each answer waits until every server has been asked: only possible if they run together.
        CountDownLatch allAsked = new CountDownLatch(servers.size());

        List<Boolean> answers = EachServer.ask(
                servers,
                server -> {
                    allAsked.countDown();
                    try {
                        return allAsked.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                },
                LoggerFactory.getLogger(EachServerTests.class),
                "tools");

        assertThat(answers).containsExactly(true, true, true);
    }
}
