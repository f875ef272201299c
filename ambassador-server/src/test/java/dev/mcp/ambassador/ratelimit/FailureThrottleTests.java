package dev.mcp.ambassador.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class FailureThrottleTests {

    private final FailureThrottle throttle = new FailureThrottle(2, Duration.ofMinutes(5), "failed tries");

    @Test
    void beginWhenTheBudgetIsSpentThenRefusedEvenBeforeAnyFailureIsKnown() {
        throttle.begin("192.0.2.1");
        throttle.begin("192.0.2.1");

        assertThatThrownBy(() -> throttle.begin("192.0.2.1"))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(429));
    }

    @Test
    void tryBeginKnownWhenBudgetLeftThenGoesOnWithoutTakingAnAttempt() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryBeginKnown("192.0.2.3")).isEmpty();
        }

        throttle.begin("192.0.2.3");
        throttle.begin("192.0.2.3");
        assertThat(throttle.tryBegin("192.0.2.3")).isPresent();
    }

    @Test
    void tryBeginKnownWhenItsFailuresSpentTheBudgetThenRefused() {
        assertThat(throttle.tryBeginKnown("192.0.2.4")).isEmpty();
        throttle.failedKnown("192.0.2.4");
        assertThat(throttle.tryBeginKnown("192.0.2.4")).isEmpty();
        throttle.failedKnown("192.0.2.4");

        assertThat(throttle.tryBeginKnown("192.0.2.4")).isPresent();
        assertThat(throttle.tryBegin("192.0.2.4")).isPresent();
    }

    @Test
    void succeededWhenTheSecretWasRightThenTheAttemptIsGivenBack() {
        for (int i = 0; i < 10; i++) {
            throttle.begin("192.0.2.2");
            throttle.succeeded("192.0.2.2");
        }

        assertThat(throttle.tryBegin("192.0.2.2")).isEmpty();
    }

    @Test
    void keyWhenIpv6ThenTheSlashSixtyFourWhateverTheSpelling() {
        assertThat(FailureThrottle.key("2001:db8:1:2::1"))
                .isEqualTo(FailureThrottle.key("2001:0db8:0001:0002:ffff:eeee:dddd:cccc"))
                .isEqualTo(FailureThrottle.key("[2001:db8:1:2::9]"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(FailureThrottle.key("2001:db8:1:3::1")).isNotEqualTo(FailureThrottle.key("2001:db8:1:2::1"));
    }

    @Test
    void keyWhenIpv4OrMappedThenTheAddressItself() {
        assertThat(FailureThrottle.key("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(FailureThrottle.key("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(FailureThrottle.key("not-an-address")).isEqualTo("not-an-address");
        assertThat(FailureThrottle.key(null)).isEmpty();
    }
}
