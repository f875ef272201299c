package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.ratelimit.FailureThrottle;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Failed password checks (sign-in and password change): 5 per client address in 5 minutes. */
@Component
class LoginThrottle extends FailureThrottle {

    static final int FAILURES_PER_WINDOW = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);

    LoginThrottle() {
        super(FAILURES_PER_WINDOW, WINDOW, "failed sign-ins");
    }
}
