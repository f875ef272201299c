package dev.mcp.ambassador.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RedactorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Redactor redactor = new Redactor();

    @Test
    void textWhenGivenAProcesssOwnValuesThenThoseAreMaskedAsWellButShortOnesStay() {
        String vaultValue = "ghp_user-vault-value-42";

        String redacted = redactor.text(
                "token " + vaultValue + " on port 8080 with Bearer abcdefghijklmnop",
                java.util.List.of(vaultValue, "8080"));

        assertThat(redacted).isEqualTo("token " + Redactor.MASK + " on port 8080 with Bearer " + Redactor.MASK);
    }

    @Test
    void forLogWhenAnExceptionAndItsCauseQuoteSecretsThenTheCopyMasksThemAndKeepsTheTrace() {
        IllegalStateException cause = new IllegalStateException("header was Bearer abcdefghijklmnop");
        RuntimeException error = new RuntimeException("user\r\nFORGED amb_st_abcdefghijk", cause);

        Throwable logged = redactor.forLog(error);

        assertThat(logged.toString()).startsWith("java.lang.RuntimeException: ").doesNotContain("amb_st_abcdefghijk");
        assertThat(logged.getCause().toString())
                .startsWith("java.lang.IllegalStateException: ")
                .doesNotContain("abcdefghijklmnop");
        assertThat(logged.getStackTrace()).isEqualTo(error.getStackTrace());
        assertThat(redactor.forLog(new RuntimeException("a\nb")).getMessage()).doesNotContain("\n");
    }

    @Test
    void textWhenItCarriesAmbassadorKeysAndTokensThenTheyAreMasked() {
        String text = "key amb_pk_Zm9vYmFyYmF6cXV4 and token amb_st_eyJzIjoiMSJ9.c2ln and amb_ak_abcDEF123_-x";

        String redacted = redactor.text(text);

        assertThat(redacted)
                .doesNotContain("amb_pk_Zm9v", "amb_st_eyJz", "amb_ak_abcDEF")
                .contains(Redactor.MASK);
    }

    @Test
    void textWhenItCarriesBearerJwtOrRandomStringsThenTheyAreMaskedButWordsAndIdsStay() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        String random = "Qm9vZ2llV29vZ2llOTg3NjU0MzIxMGFiY2RlZmdoaWprbG1u";
        String text = "Authorization: Bearer sk-live-1234567890abcdef " + jwt + " " + random
                + " id 3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f path /usr/share/doc/everything/architecture.md";

        String redacted = redactor.text(text);

        assertThat(redacted)
                .doesNotContain("sk-live-1234567890abcdef", jwt, random)
                .contains("3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f", "/usr/share/doc/everything/architecture.md");
    }

    @Test
    void textWhenAValueWasRememberedThenItIsMaskedWherever() {
        redactor.remember("vault-canary-4711");

        assertThat(redactor.text("the server said: vault-canary-4711 failed"))
                .isEqualTo("the server said: " + Redactor.MASK + " failed");
    }

    @Test
    void jsonWhenFieldsAreNamedLikeSecretsThenTheirWholeValueIsMaskedAndOtherFieldsStay() {
        JsonNode arguments = JSON.readTree("{\"message\":\"hello\",\"password\":\"canary-pass-1\","
                + "\"nested\":{\"apiKey\":\"canary-key-2\",\"client_secret\":{\"a\":1},\"key\":\"k3-canary\"},"
                + "\"list\":[{\"token\":\"canary-token-4\"},\"amb_pk_canary5canary5\"],\"monkey\":\"banana\"}");

        String redacted = redactor.json(arguments).toString();

        assertThat(redacted)
                .doesNotContain("canary-pass-1", "canary-key-2", "k3-canary", "canary-token-4", "canary5")
                .contains("hello", "banana", "monkey");
        assertThat(arguments.path("password").asString())
                .as("the input is not changed")
                .isEqualTo("canary-pass-1");
    }

    @Test
    void forLogWhenAUsernameCarriesCrLfThenItCannotStartANewLine() {
        String forged = "alice\r\n2026-01-01T00:00:00Z INFO security event=LOGIN_SUCCEEDED user=admin";

        String line = redactor.forLog(forged);

        assertThat(line).doesNotContain("\r", "\n").startsWith("alice\\r\\n2026");
        assertThat(Redactor.escape("tab\tbell\u0007sep\u2028")).isEqualTo("tab\\tbell\\u0007sep\\u2028");
    }
}
