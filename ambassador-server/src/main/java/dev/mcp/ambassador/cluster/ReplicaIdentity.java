package dev.mcp.ambassador.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Who this replica is: an id new at every start, when it started, its address and its version. */
@Component
public class ReplicaIdentity {

    private final UUID id = UUID.randomUUID();
    private final Instant startedAt;
    private final String configuredAddress;
    private final Environment environment;

    ReplicaIdentity(ClusterProperties properties, Environment environment, Clock clock) {
        this.startedAt = clock.instant();
        this.configuredAddress = properties.address();
        this.environment = environment;
    }

    public UUID id() {
        return id;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** As configured, or this host's name with the port the server listens on. */
    public String address() {
        if (configuredAddress != null && !configuredAddress.isBlank()) {
            return configuredAddress.trim();
        }
        String port = Objects.requireNonNullElse(
                environment.getProperty("local.server.port"), environment.getProperty("server.port", "8443"));
        return hostName() + ":" + port;
    }

    /** The version of the running build, or {@code development} when run from classes. */
    public String version() {
        return Objects.requireNonNullElse(ReplicaIdentity.class.getPackage().getImplementationVersion(), "development");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
