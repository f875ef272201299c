package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Replicas;
import dev.mcp.ambassador.cluster.Topic;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A catalog entry changed or removed on another replica: what runs it here stops, as it does
 * there, so the next call starts it as the catalog now says. Also tells the replica list how
 * many downstream processes run here.
 */
@Component
class CatalogChangesElsewhere {

    CatalogChangesElsewhere(ChangeFeed feed, DownstreamConnections connections, Replicas replicas) {
        feed.subscribe(Topic.CATALOG, change -> {
            if (change.subject() != null) {
                connections.stop(UUID.fromString(change.subject()));
            }
        });
        replicas.measure(Replicas.Measure.PROCESSES, connections::runningProcesses);
    }
}
