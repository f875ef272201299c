package dev.mcp.ambassador.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail under real load: concurrent clients calling a real server-everything through the
 * ambassador, every call recorded before it is forwarded and completed after, the hash chain
 * verified, tampering found at the first broken row, and retention keeping the rest verifiable.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailEndToEndTests extends SharedServerTests {

    private static final int CLIENTS = 20;
    private static final int CALLS_PER_CLIENT = 5;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AuditRetention retention;

    private TestHttp http;
    private TestMcp mcp;
    private TestAdmin admin;
    private String slug;
    private UUID user;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        mcp = new TestMcp(http);
        admin = TestAdmin.signIn(http);
        slug = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        user = admin.createUser("audited-" + UUID.randomUUID().toString().substring(0, 8));
        admin.publishEverything(slug, user, List.of("*"), List.of());
    }

    @Test
    void callsWhenTwentyClientsCallAtOnceThenEveryCallHasOneCompleteRowAndTheChainVerifies() throws Exception {
        List<String[]> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String token = register("client " + i);
            clients.add(new String[] {token, mcp.initialize(token)});
        }
        List<Future<JsonNode>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] client : clients) {
                for (int call = 0; call < CALLS_PER_CLIENT; call++) {
                    int id = call;
                    calls.add(pool.submit(() -> echo(client[0], client[1], id, "call " + id)));
                }
            }
        }
        for (Future<JsonNode> call : calls) {
            assertThat(call.get().at("/result/content/0/text").asString()).startsWith("Echo: call ");
        }

        int calls_made = CLIENTS * CALLS_PER_CLIENT;
        List<JsonNode> results = allEvents("server=" + slug + "&type=mcp.result");
        List<JsonNode> requests = allEvents("server=" + slug + "&type=mcp.request");
        assertThat(requests).hasSize(calls_made).allSatisfy(request -> {
            assertThat(request.get("decision").asString()).isEqualTo("allowed");
            assertThat(request.get("kind").asString()).isEqualTo("tools/call");
            assertThat(request.get("subject").asString()).isEqualTo("echo");
            assertThat(request.get("client_name").asString()).startsWith("client ");
            assertThat(request.get("client_address").asString()).isNotBlank();
            assertThat(request.at("/arguments/arguments/message").asString()).startsWith("call ");
        });
        assertThat(results).hasSize(calls_made).allSatisfy(result -> {
            assertThat(result.get("status").asString()).isEqualTo("ok");
            assertThat(result.get("is_error").asBoolean()).isFalse();
            assertThat(result.get("bytes").asLong()).isPositive();
        });
        assertThat(results.stream().map(r -> r.get("request_id").asLong()).distinct())
                .containsExactlyInAnyOrderElementsOf(
                        requests.stream().map(r -> r.get("id").asLong()).toList());
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void verifyWhenARowIsEditedOrDeletedThenItNamesTheFirstBrokenRowAndRetentionKeepsTheRestVerifiable() {
        String token = register("tamper");
        String session = mcp.initialize(token);
        for (int i = 0; i < 4; i++) {
            echo(token, session, i, "row " + i);
        }
        List<Long> ids = allEvents("server=" + slug + "&type=mcp.request").stream()
                .map(event -> event.get("id").asLong())
                .sorted()
                .toList();
        assertThat(verify().get("ok").asBoolean()).isTrue();

        long edited = ids.get(1);
        String payload = jdbc.sql("select payload from audit_events where id = ?")
                .param(edited)
                .query(String.class)
                .single();
        jdbc.sql("update audit_events set payload = replace(payload, 'row 1', 'row X') where id = ?")
                .param(edited)
                .update();
        JsonNode afterEdit = verify();
        jdbc.sql("update audit_events set payload = ? where id = ?")
                .params(payload, edited)
                .update();
        assertThat(afterEdit.get("ok").asBoolean()).isFalse();
        assertThat(afterEdit.get("first_broken_id").asLong()).isEqualTo(edited);

        long relabelled = ids.get(2);
        jdbc.sql("update audit_events set username = 'someone else' where id = ?")
                .param(relabelled)
                .update();
        JsonNode afterRelabel = verify();
        jdbc.sql("update audit_events set username = (payload::jsonb ->> 'username') where id = ?")
                .param(relabelled)
                .update();
        assertThat(afterRelabel.get("first_broken_id").asLong())
                .as("a filter column that disagrees with the payload")
                .isEqualTo(relabelled);
        assertThat(verify().get("ok").asBoolean()).isTrue();

        long deleted3 = ids.get(3);
        jdbc.sql("create table audit_saved_row as select * from audit_events where id = ?")
                .param(deleted3)
                .update();
        jdbc.sql("delete from audit_events where id = ?").param(deleted3).update();
        JsonNode afterDelete = verify();
        jdbc.sql("insert into audit_events select * from audit_saved_row").update();
        jdbc.sql("drop table audit_saved_row").update();
        assertThat(afterDelete.get("ok").asBoolean()).isFalse();
        assertThat(afterDelete.get("first_broken_id").asLong())
                .as("the row after the deleted one")
                .isEqualTo(deleted3 + 1);
        assertThat(verify().get("ok").asBoolean()).isTrue();

        Instant cutoff = jdbc.sql("select at from audit_events where id = ?")
                .param(ids.get(2))
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        assertThat(retention.purgeBefore(cutoff)).isPositive();
        JsonNode afterRetention = verify();
        assertThat(afterRetention.get("ok").asBoolean())
                .as(afterRetention.toString())
                .isTrue();
        assertThat(jdbc.sql("select count(*) from audit_events where id = ?")
                        .param(ids.getFirst())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(allEvents("type=audit.retention")).isNotEmpty();
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void auditAndLogsWhenArgumentsAndAUsernameCarryCanariesThenNeitherHoldsThemAndNoLineIsForged(
            CapturedOutput output) {
        String token = register("canary");
        String session = mcp.initialize(token);
        String secretToken = "amb_st_CanaryCanaryCanary0123456789";
        String password = "canary-password-31337";

        JsonNode reply = mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                1,
                                "method",
                                "tools/call",
                                "params",
                                Map.of(
                                        "name",
                                        slug + "__echo",
                                        "arguments",
                                        Map.of("message", "use " + secretToken, "password", password))))
                .json();
        TestHttp.Reply login = http.send(
                "POST",
                "/v1/auth/login",
                Map.of(
                        "username",
                        "mallory\r\nFORGED security event=LOGIN_SUCCEEDED user=admin",
                        "password",
                        password));

        assertThat(reply.toString()).as("the answer").doesNotContain(password);
        assertThat(login.body()).doesNotContain(password);
        String rows = jdbc.sql("select string_agg(payload, chr(10)) from audit_events")
                .query(String.class)
                .single();
        assertThat(rows).contains("[REDACTED]").doesNotContain(password, secretToken);
        assertThat(output.getAll()).doesNotContain(password, secretToken);
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith("FORGED"));
        assertThat(output.getAll()).contains("mallory\\r\\nFORGED");
    }

    @Test
    void verifyWhenNotSignedInThenUnauthorized() {
        // A client of its own: this test's other client carries the admin's session cookie.
        TestHttp.Reply anonymous = new TestHttp(port, DATA_DIR).send("GET", "/v1/audit/verify", null);

        assertThat(anonymous.status()).isEqualTo(401);
    }

    /**
     * An API key alone, with no browser session beside it, as scripts and {@code ambassador admin
     * audit export} call it: the stream ends cleanly. (The servlet completes a streamed answer in a
     * second, asynchronous dispatch, which carries no browser session to authorize it.)
     */
    @Test
    void exportWhenCalledWithAnApiKeyAloneThenTheStreamEndsCleanly() {
        String token = register("export-by-key");
        String session = mcp.initialize(token);
        echo(token, session, 1, "exported by key");
        TestHttp keyOnly = new TestHttp(port, DATA_DIR);

        TestHttp.Reply ndjson = keyOnly.send(
                "GET",
                "/v1/audit/export?format=ndjson&server=" + slug,
                null,
                "Authorization",
                "Bearer " + admin.apiKey());

        assertThat(ndjson.status()).as(ndjson.body()).isEqualTo(200);
        assertThat(ndjson.body().lines()).hasSize(2);
    }

    @Test
    void exportWhenCsvOrNdjsonThenStreamsTheSameRows() {
        String token = register("export");
        String session = mcp.initialize(token);
        echo(token, session, 1, "=cmd|' /C calc'!A0");

        TestHttp.Reply ndjson = admin.call("GET", "/v1/audit/export?format=ndjson&server=" + slug, null);
        TestHttp.Reply csv = admin.call("GET", "/v1/audit/export?format=csv&server=" + slug, null);
        TestHttp.Reply wrong = admin.call("GET", "/v1/audit/export?format=xml", null);

        assertThat(ndjson.status()).isEqualTo(200);
        assertThat(ndjson.body().lines()).hasSize(2);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines()).hasSize(3).first().asString().startsWith("id,at,type");
        assertThat(csv.body()).doesNotContain(",\"=cmd");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/errors/0/field").asString()).isEqualTo("format");
    }

    private JsonNode verify() {
        TestHttp.Reply reply = admin.call("GET", "/v1/audit/verify", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** Every event the filter matches, page by page through the cursor. */
    private List<JsonNode> allEvents(String filter) {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        do {
            TestHttp.Reply reply = admin.call(
                    "GET", "/v1/audit/events?limit=30&" + filter + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            reply.json().get("events").forEach(events::add);
            cursor = reply.json().has("next_cursor")
                    ? reply.json().get("next_cursor").asString()
                    : null;
        } while (cursor != null);
        return events;
    }

    private String register(String clientName) {
        return http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", clientName))
                .json()
                .get("session_token")
                .asString();
    }

    private JsonNode echo(String token, String session, int id, String message) {
        return mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                id,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", slug + "__echo", "arguments", Map.of("message", message))))
                .json();
    }
}
