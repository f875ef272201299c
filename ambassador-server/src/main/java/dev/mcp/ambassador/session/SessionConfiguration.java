package dev.mcp.ambassador.session;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The session-token signing secret: {@code AMBASSADOR_SESSION_SECRET}, or the data-dir file. */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    static final String SECRET_FILE = "session_hmac_secret";

    @Bean
    SigningKeys signingKeys(AmbassadorProperties properties, DataDirectory dataDirectory) {
        String configured = properties.sessionSecret();
        byte[] secret;
        if (configured != null && !configured.isBlank()) {
            try {
                secret = Base64.getDecoder().decode(configured.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("AMBASSADOR_SESSION_SECRET is not valid base64");
            }
            if (secret.length < SigningKeys.MIN_SECRET_BYTES) {
                throw new IllegalStateException("AMBASSADOR_SESSION_SECRET must decode to at least 32 bytes");
            }
        } else {
            secret = dataDirectory.readOrCreateSecret(SECRET_FILE, 32);
        }
        try {
            return SigningKeys.of(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Bean
    SessionTokens sessionTokens(SigningKeys keys, Clock clock) {
        return new SessionTokens(keys, clock);
    }
}
