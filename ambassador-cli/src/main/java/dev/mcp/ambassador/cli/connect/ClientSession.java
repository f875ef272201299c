package dev.mcp.ambassador.cli.connect;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.Diagnostics;
import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.Secrets;
import dev.mcp.ambassador.cli.tls.ServerTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge's client session with the ambassador: registers with the preshared key, keeps the
 * session token fresh with heartbeats, registers again when the token is refused, and ends the
 * session. The key and every token are registered with {@link Secrets} so no diagnostic shows them.
 */
final class ClientSession {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final HttpClient http;
    private final ServerTrust trust;
    private final String presharedKey;
    private final String clientName;
    private final JsonMapper json;
    // Held while the token changes hands (register, renew, heartbeat), so ending waits for a
    // registration in flight and ends the session it creates.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean ended;
    private volatile String token;
    private volatile Duration heartbeatInterval = Duration.ofMinutes(5);

    ClientSession(
            URI server, HttpClient http, ServerTrust trust, String presharedKey, String clientName, JsonMapper json) {
        this.server = server;
        this.http = http;
        this.trust = trust;
        this.presharedKey = presharedKey;
        this.clientName = clientName;
        this.json = json;
        Secrets.register(presharedKey);
    }

    String token() {
        return token;
    }

    Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * Registers with the preshared key. On first contact this also pins the server's CA (see
     * {@link ServerTrust#confirm}).
     *
     * @throws CliException when the key is refused or the server's certificate is not trusted
     * @throws IOException when the server cannot be reached (worth retrying)
     */
    void register() throws IOException {
        lock.lock();
        try {
            registerLocked();
        } finally {
            lock.unlock();
        }
    }

    private void registerLocked() throws IOException {
        if (ended) {
            throw new IOException("the bridge is ending its session");
        }
        ObjectNode body = json.createObjectNode();
        body.put("preshared_key", presharedKey);
        body.put("client_name", clientName);
        body.put("host_tool", "ambassador connect");
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(server.resolve("/v1/sessions/register"))
                            .timeout(REQUEST_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            if (trust.refused(e)) {
                throw trust.explain(e);
            }
            throw e;
        }
        if (response.statusCode() == 401) {
            throw new CliException(
                    ExitCodes.NOT_AUTHENTICATED,
                    "registration refused: the preshared key is not accepted (unknown, expired or revoked, "
                            + "or its user is suspended)");
        }
        if (response.statusCode() != 201) {
            throw new CliException(
                    ExitCodes.FAILED,
                    "registration failed: HTTP " + response.statusCode() + " " + detail(response.body()));
        }
        JsonNode registration = json.readTree(response.body());
        String issued = registration.path("session_token").asString("");
        Secrets.register(issued);
        trust.confirm(registration.path("ca_fingerprint_sha256").asString(""));
        long seconds = registration.path("heartbeat_interval_seconds").asLong(300);
        heartbeatInterval = Duration.ofSeconds(Math.max(5, seconds));
        token = issued;
        Diagnostics.say("registered with " + server + " (session "
                + registration.path("session_id").asString("?") + ")");
    }

    /** Registers again unless another thread already replaced {@code rejected}. */
    void renew(String rejected) throws IOException {
        lock.lock();
        try {
            if (!ended && (token == null || token.equals(rejected))) {
                Diagnostics.say("the session token was refused; registering again");
                registerLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Slides the session's expiry; registers again when the server no longer knows the token. */
    void heartbeat() throws IOException {
        lock.lock();
        try {
            heartbeatLocked();
        } finally {
            lock.unlock();
        }
    }

    private void heartbeatLocked() throws IOException {
        if (ended) {
            return;
        }
        String current = token;
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(server.resolve("/v1/sessions/heartbeat"))
                            .timeout(REQUEST_TIMEOUT)
                            .header("Authorization", "Bearer " + current)
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() == 401) {
            renew(current); // the lock is reentrant
        } else if (response.statusCode() == 200) {
            String renewed =
                    json.readTree(response.body()).path("session_token").asString("");
            if (!renewed.isEmpty()) {
                Secrets.register(renewed);
                token = renewed;
            }
            Diagnostics.debug("heartbeat sent");
        } else {
            Diagnostics.say("heartbeat answered HTTP " + response.statusCode());
        }
    }

    /**
     * Ends the client session on the server before {@code deadline} and registers no more
     * afterwards. A registration or heartbeat in flight is awaited first (until the deadline), so
     * the session it yields is the one ended. Failures are reported, not thrown: the bridge is
     * going away anyway.
     */
    void end(Instant deadline) {
        ended = true;
        boolean locked = false;
        try {
            // At most half the time left, so a stuck heartbeat leaves time for the DELETE.
            long wait = Duration.between(Instant.now(), deadline).toMillis() / 2;
            locked = lock.tryLock(Math.max(0, wait), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            String current = token;
            if (current == null) {
                return;
            }
            int status = SessionEnding.send(
                    http,
                    HttpRequest.newBuilder(server.resolve("/v1/sessions/current"))
                            .timeout(SessionEnding.LIMIT)
                            .header("Authorization", "Bearer " + current)
                            .DELETE()
                            .build(),
                    deadline);
            if (status == 204 || status == 401) {
                Diagnostics.debug("session ended: HTTP " + status);
            } else {
                Diagnostics.say("ending the session was answered HTTP " + status);
            }
        } catch (IOException e) {
            Diagnostics.say("could not end the session: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private String detail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            return problem.path("detail").asString(problem.path("title").asString(""));
        } catch (RuntimeException e) {
            return "";
        }
    }
}
