package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTests {

    private final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void problemWhenShorterThan12ThenSaysHowLong() {
        assertThat(policy.problem("X7#kq!Lm2".toCharArray(), "dev", null)).contains("12 characters");
    }

    @Test
    void problemWhenCommonThenGivesFeedbackThatDoesNotEchoThePassword() {
        String problem = policy.problem("password1234".toCharArray(), "dev", null);

        assertThat(problem).startsWith("is too easy to guess").doesNotContain("password1234");
        assertThat(problem.length()).isGreaterThan("is too easy to guess".length() + 5);
    }

    @Test
    void problemWhenBuiltFromTheUsernameThenRefused() {
        assertThat(policy.problem(
                        "marguerite.hollande2024".toCharArray(), "marguerite.hollande", "Marguerite Hollande"))
                .isNotNull();
    }

    @Test
    void problemWhenLongUncommonPhraseThenAccepted() {
        assertThat(policy.problem("Quiet-harbour-lanterns-drift-1987".toCharArray(), "dev", null))
                .isNull();
    }
}
