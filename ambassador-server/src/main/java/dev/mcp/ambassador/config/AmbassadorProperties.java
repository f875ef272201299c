package dev.mcp.ambassador.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the ambassador. Each one is documented in {@code docs/configuration.md}; the
 * {@code AMBASSADOR_*} environment variables are mapped onto these in {@code application.yaml}.
 */
@ConfigurationProperties("ambassador")
public record AmbassadorProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("localhost") List<String> hostnames,
        @DefaultValue Tls tls,
        @DefaultValue Database database,
        String masterKey,
        String sessionSecret,
        List<String> sessionSecretPrevious,
        List<String> trustedProxies,
        List<String> allowedOrigins,
        @DefaultValue BootstrapAdmin bootstrapAdmin,
        @DefaultValue Sessions sessions,
        @DefaultValue Mcp mcp,
        @DefaultValue Downstream downstream,
        @DefaultValue Auth auth) {

    /** Operator-supplied PEM files; both empty means the generated CA is used. */
    public record Tls(String cert, String key) {
        public boolean operatorSupplied() {
            return hasText(cert) || hasText(key);
        }
    }

    /** External PostgreSQL; an empty URL means the embedded PostgreSQL in the data directory. */
    public record Database(String url, String username, String password) {
        public boolean external() {
            return hasText(url);
        }
    }

    public record BootstrapAdmin(@DefaultValue("admin") String username, String password) {}

    /**
     * @param idleTimeout a token lives this long unless a heartbeat renews it
     * @param maxLifetime no renewal carries a session past this age
     */
    public record Sessions(
            @DefaultValue("8h") Duration idleTimeout,
            @DefaultValue("7d") Duration maxLifetime,
            @DefaultValue("300s") Duration heartbeatInterval) {}

    /**
     * @param callTimeout how long a downstream request may take unless its server sets its own
     * @param maxCallTimeout the most any server may set, so no call can hang for long
     * @param pageSize how many tools, resources or prompts one list page holds for the client
     */
    public record Mcp(
            @DefaultValue("__") String toolNameSeparator,
            @DefaultValue("60s") Duration callTimeout,
            @DefaultValue("300s") Duration maxCallTimeout,
            @DefaultValue("200") int pageSize) {}

    /**
     * @param allowedAddresses CIDR ranges and host names that remote downstream servers may use
     *     although they are not public (loopback, private, link-local, …); empty allows none
     */
    public record Downstream(@DefaultValue List<String> allowedAddresses) {}

    /**
     * How sign-in and keys are protected against floods and stale rights.
     *
     * @param keyHashSecret base64 secret (at least 32 bytes) keying the hashes of {@code amb_pk_}
     *     and {@code amb_ak_} keys; empty means the {@code key_hash_secret} file in the data
     *     directory
     * @param argon2Concurrency Argon2id computations (19 MiB each) allowed at once; 0 means the
     *     number of processors, at least 2
     * @param argon2QueueTimeout how long a request waits for an Argon2id slot before it is answered
     *     503
     * @param browserSessionMaxLifetime a browser session ends this long after sign-in, however
     *     active
     * @param userRecheck how long a browser session may rely on what it last read of its user's
     *     status and roles
     * @param revocationRefresh how often revocations made elsewhere are re-read from PostgreSQL
     */
    public record Auth(
            String keyHashSecret,
            @DefaultValue("0") int argon2Concurrency,
            @DefaultValue("5s") Duration argon2QueueTimeout,
            @DefaultValue("12h") Duration browserSessionMaxLifetime,
            @DefaultValue("5s") Duration userRecheck,
            @DefaultValue("10s") Duration revocationRefresh) {

        /** The Argon2id concurrency in force: as configured, or the processors (at least 2). */
        public int argon2Permits() {
            return argon2Concurrency > 0
                    ? argon2Concurrency
                    : Math.max(2, Runtime.getRuntime().availableProcessors());
        }
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
