package dev.mcp.ambassador.ratelimit;

import dev.mcp.ambassador.web.Problems;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.OptionalLong;
import org.springframework.web.ErrorResponseException;

/**
 * Limits failed attempts at a secret (a password, a key) per client. Every attempt takes one unit
 * of the client's budget before the secret is checked and gets it back only if the secret was
 * right, so concurrent guesses cannot all slip past a check made before any of them failed. Once a
 * client has spent its budget, every attempt from it is refused up front, right secret or not,
 * until the window refills, so a throttled guesser learns nothing; successes cost nothing.
 *
 * <p>A client is its IPv4 address, or the /64 network of its IPv6 address (one subscriber usually
 * holds a whole /64, so counting addresses there would give a guesser 2^64 budgets).
 */
public class FailureThrottle {

    private final AttemptLimiter failures;
    private final String what;

    /**
     * @param failuresPerWindow failures allowed per client in each window
     * @param what the attempts in words, for the 429 answer ("failed sign-ins")
     */
    public FailureThrottle(int failuresPerWindow, Duration window, String what) {
        this.failures = new AttemptLimiter(failuresPerWindow, window);
        this.what = what;
    }

    /**
     * Takes one attempt for {@code clientAddress}, to be given back by {@link #succeeded} when the
     * secret turns out right.
     *
     * @throws ErrorResponseException 429 with {@code Retry-After} when the client has none left
     */
    public void begin(String clientAddress) {
        OptionalLong wait = tryBegin(clientAddress);
        if (wait.isPresent()) {
            throw Problems.tooManyAttempts(what, wait.getAsLong());
        }
    }

    /**
     * Takes one attempt for {@code clientAddress}: empty when taken, else the seconds until one
     * will be. For callers that answer by themselves (filters).
     */
    public OptionalLong tryBegin(String clientAddress) {
        return failures.tryAcquire(key(clientAddress));
    }

    /**
     * For a secret this client has already proven it holds: takes no attempt up front, so a burst
     * of requests with it is not refused for being many, but is refused like any other once the
     * client's budget is spent. Empty when it may go on, else the seconds to wait. A failure must
     * then be counted with {@link #failedKnown}.
     */
    public OptionalLong tryBeginKnown(String clientAddress) {
        return failures.waitFor(key(clientAddress));
    }

    /** Counts the failure of an attempt begun with {@link #tryBeginKnown}. */
    public void failedKnown(String clientAddress) {
        failures.tryAcquire(key(clientAddress));
    }

    /** Gives back the attempt {@link #begin} took: the secret was right. */
    public void succeeded(String clientAddress) {
        failures.refund(key(clientAddress));
    }

    /** The 429 problem for a wait of {@code seconds}, for callers of {@link #tryBegin}. */
    public ErrorResponseException tooMany(long seconds) {
        return Problems.tooManyAttempts(what, seconds);
    }

    /** The budget key of a client address: IPv4 as it is, IPv6 by its /64 network. */
    static String key(String clientAddress) {
        if (clientAddress == null) {
            return "";
        }
        String literal = clientAddress.startsWith("[") && clientAddress.endsWith("]")
                ? clientAddress.substring(1, clientAddress.length() - 1)
                : clientAddress;
        int zone = literal.indexOf('%');
        literal = zone < 0 ? literal : literal.substring(0, zone);
        // Only a literal made of hex digits, colons and dots: never a name that would be resolved.
        if (literal.indexOf(':') < 0 || !literal.matches("[0-9A-Fa-f:.]+")) {
            return clientAddress;
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress(); // an IPv4-mapped address
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                        .append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException e) {
            return clientAddress;
        }
    }
}
