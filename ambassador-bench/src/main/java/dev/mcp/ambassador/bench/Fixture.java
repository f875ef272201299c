package dev.mcp.ambassador.bench;

import dev.mcp.ambassador.bench.setup.AdminApi;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the benchmark sets up in the ambassador through its admin API: the catalog entries it
 * brokers to, and users who each hold their own session token (a user may keep only so many MCP
 * sessions, so every target that opens many gets a user of its own).
 */
public final class Fixture {

    public static final String ECHO_HTTP = "echo-http";
    public static final String ECHO_STDIO = "echo-stdio";
    public static final String EVERYTHING_HTTP = "everything-http";
    public static final String EVERYTHING_STDIO = "everything-stdio";

    private final AdminApi admin;
    private final AtomicInteger users = new AtomicInteger();
    private final String run = Long.toString(System.currentTimeMillis() % 100_000);

    public Fixture(AdminApi admin) {
        this.admin = admin;
    }

    /** Publishes the echo server over stdio ({@code command} runs it) and over HTTP at {@code url}. */
    public void publishEcho(List<String> stdioCommand, String url) {
        admin.publishStdio(ECHO_STDIO, stdioCommand);
        admin.publishHttp(ECHO_HTTP, url);
    }

    /** Publishes the echo server over HTTP at {@code url} only. */
    public void publishEchoHttp(String url) {
        admin.publishHttp(ECHO_HTTP, url);
    }

    /** Publishes server-everything over stdio and over HTTP at {@code url}. */
    public void publishEverything(List<String> stdioCommand, String url) {
        admin.publishStdio(EVERYTHING_STDIO, stdioCommand);
        admin.publishHttp(EVERYTHING_HTTP, url);
    }

    /**
     * A new user granted every tool of {@code servers}, with a preshared key, registered as a
     * client: returns the session token.
     */
    public String newClient(List<String> servers) {
        UUID user = admin.createUser("bench-" + run + "-" + users.incrementAndGet());
        servers.forEach(slug -> admin.grantAll(user, slug));
        return admin.register(admin.issuePresharedKey(user));
    }
}
