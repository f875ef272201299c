package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.ProxiedServerTests;
import dev.mcp.ambassador.support.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Refusals anyone can cause at will do not write a log line each. */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLoggingIntegrationTests extends ProxiedServerTests {

    @Test
    void refusalsWhenRepeatedFromOneAddressThenLoggedOnceAndCounted(CapturedOutput output) {
        TestHttp http = new TestHttp(port, DATA_DIR);

        for (int i = 0; i < 30; i++) {
            assertThat(http.send(
                                    "POST",
                                    "/v1/sessions/heartbeat",
                                    null,
                                    "Authorization",
                                    "Bearer amb_st_not-a-token-" + i,
                                    "X-Forwarded-For",
                                    "203.0.113.90")
                            .status())
                    .isEqualTo(401);
            assertThat(http.send(
                                    "GET",
                                    "/v1/me",
                                    null,
                                    "Authorization",
                                    "Bearer amb_ak_not-a-key-" + i,
                                    "X-Forwarded-For",
                                    "203.0.113.91")
                            .status())
                    .isIn(401, 429);
        }

        assertThat(lines(output, "SESSION_TOKEN_REFUSED", "203.0.113.90")).isEqualTo(1);
        assertThat(lines(output, "API_KEY_REFUSED", "203.0.113.91")).isEqualTo(1);
    }

    private static long lines(CapturedOutput output, String event, String client) {
        return output.getOut()
                .lines()
                .filter(line -> line.contains("event=" + event) && line.contains("client=" + client + " "))
                .count();
    }
}
