package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerSentEventsTests {

    private static ServerSentEvents events(String body) {
        return new ServerSentEvents(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nextWhenEventsHaveFieldsCommentsAndSeveralDataLinesThenEachIsReadWhole() throws IOException {
        ServerSentEvents events =
                events(": keep-alive\n\nid: 1\ndata:\n\nevent: message\nid: 2\ndata: {\"a\":\ndata:1}\n\n"
                        + "event: other\r\ndata: x\r\n\r\ndata: tail-without-blank-line");

        assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("message", "1", ""));
        assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("message", "2", "{\"a\":\n1}"));
        assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("other", null, "x"));
        assertThat(events.next()).isNull();
    }

    @Test
    void nextWhenAnEventIsOverTheLimitThenItIsSkippedAndTheNextOneStillArrives() throws IOException {
        String body = "data: " + "x".repeat(200) + "\n\n" + "data: a\ndata: " + "y".repeat(60) + "\n\n"
                + "id: 3\ndata: small\n\n";
        ServerSentEvents events =
                new ServerSentEvents(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 50);

        assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("message", "3", "small"));
        assertThat(events.next()).isNull();
    }
}
