package dev.mcp.ambassador.rbac;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Grants, groups or the catalog changed on another replica: the same {@link AccessChangedEvent}
 * is published here as there, so clients connected to this replica are told to list again too.
 */
@Component
class AccessChangesElsewhere {

    AccessChangesElsewhere(ChangeFeed feed, ApplicationEventPublisher publisher) {
        feed.subscribe(
                Topic.GRANTS, change -> publisher.publishEvent(new AccessChangedEvent("grants changed elsewhere")));
        feed.subscribe(
                Topic.CATALOG, change -> publisher.publishEvent(new AccessChangedEvent("catalog changed elsewhere")));
    }
}
