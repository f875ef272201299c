package dev.mcp.ambassador.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A client of one user, with a preshared key of its own, in an MCP session on one server (a
 * replica, in the cluster tests), calling server-everything's {@code echo} under the user's slug.
 * Calls may be made from several threads at once.
 */
public record EchoClient(
        TestMcp mcp, UUID user, String keyId, String token, String session, String slug, AtomicInteger ids) {

    /** A new user granted server-everything's echo under a fresh slug, with a client initialized on {@code http}. */
    public static EchoClient setUp(TestAdmin admin, TestHttp http, String prefix) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("echo"), List.of());
        return join(admin, http, user, slug);
    }

    /** Another client of {@code user}, with a key of its own, registered and initialized on {@code http}. */
    public static EchoClient join(TestAdmin admin, TestHttp http, UUID user, String slug) {
        JsonNode key = admin.create("/v1/admin/preshared-keys", Map.of("user_id", user, "name", "laptop"));
        TestMcp mcp = new TestMcp(http);
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", key.get("preshared_key").asString(), "client_name", "replica test"))
                .json()
                .get("session_token")
                .asString();
        return new EchoClient(
                mcp, user, key.get("id").asString(), token, mcp.initialize(token), slug, new AtomicInteger(100));
    }

    /** Calls echo with {@code text} in the client's session. */
    public TestHttp.Reply call(String text) {
        return mcp.post(token, session, request(ids.getAndIncrement(), text));
    }

    /** The {@code tools/call} of echo with {@code text}, as message {@code id}: to send some other way. */
    public Map<String, Object> request(int id, String text) {
        return Map.of(
                "jsonrpc",
                "2.0",
                "id",
                id,
                "method",
                "tools/call",
                "params",
                Map.of("name", slug + "__echo", "arguments", Map.of("message", text)));
    }

    public JsonNode echo(String text) {
        return call(text).json();
    }

    public int status(String text) {
        return call(text).status();
    }
}
