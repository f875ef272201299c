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
        @DefaultValue Downstream downstream) {

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

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
