package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.redaction.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

class StderrTailTests {

    @Test
    void addWhenLineCarriesAnEnvironmentValueThenItIsRedacted() {
        StderrTail tail = new StderrTail(new Redactor(), List.of("ghp_secret-token-123", "/usr/bin:/bin"));

        tail.add("auth failed for ghp_secret-token-123 on /usr/bin:/bin");

        assertThat(tail.lines()).containsExactly("auth failed for [REDACTED] on [REDACTED]");
    }

    @Test
    void addWhenValueIsShortThenLeftAlone() {
        // Short values (a port, "true") would redact half of every line and protect nothing.
        StderrTail tail = new StderrTail(new Redactor(), List.of("true", "8080"));

        tail.add("listening on 8080: true");

        assertThat(tail.lines()).containsExactly("listening on 8080: true");
    }

    @Test
    void addWhenSecretStraddlesTheCutThenNoPartOfItIsKept() {
        String secret = "s3cr3t-value-that-is-long";
        StderrTail tail = new StderrTail(new Redactor(), List.of(secret));

        tail.add("x".repeat(490) + secret);

        assertThat(tail.lines().getFirst()).doesNotContain("s3cr3t");
    }

    @Test
    void addWhenLineCarriesATokenThatIsNoEnvironmentValueThenTheRedactorMasksItToo() {
        StderrTail tail = new StderrTail(new Redactor(), List.of());

        tail.add("retrying with Bearer abcdefghijklmnop and amb_st_0123456789abcdef");

        assertThat(tail.lines().getFirst())
                .doesNotContain("abcdefghijklmnop")
                .doesNotContain("amb_st_0123456789abcdef");
    }

    @Test
    void addWhenMoreThanFiftyLinesThenOnlyTheLastFiftyAreKept() {
        StderrTail tail = new StderrTail(new Redactor(), List.of());
        for (int i = 0; i < 120; i++) {
            tail.add("line " + i);
        }

        assertThat(tail.lines()).hasSize(50).startsWith("line 70").endsWith("line 119");
    }
}
