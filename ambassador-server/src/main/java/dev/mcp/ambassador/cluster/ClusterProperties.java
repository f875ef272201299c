package dev.mcp.ambassador.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How replicas on one database keep each other current ({@code ambassador.cluster.*}, or {@code
 * AMBASSADOR_CLUSTER_*}); each is documented in {@code docs/configuration.md}.
 *
 * @param reconcileEvery how often the change counters are compared, repairing a missed notification
 * @param maxStaleness how long the change feed may be out of touch with the database before
 *     requests that rely on what it keeps in memory (session tokens) are refused
 * @param heartbeatEvery how often this replica writes its row in {@code replicas}
 * @param replicaExpiry a replica row not written for this long is removed
 * @param address where the other replicas reach this one (to forward requests for its MCP
 *     sessions) and what admins see; its host must be a name this replica's certificate carries;
 *     empty means the host name and port
 */
@ConfigurationProperties("ambassador.cluster")
public record ClusterProperties(
        @DefaultValue("5s") Duration reconcileEvery,
        @DefaultValue("15s") Duration maxStaleness,
        @DefaultValue("5s") Duration heartbeatEvery,
        @DefaultValue("30s") Duration replicaExpiry,
        String address) {}
