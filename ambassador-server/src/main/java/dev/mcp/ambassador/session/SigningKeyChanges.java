package dev.mcp.ambassador.session;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import org.springframework.stereotype.Component;

/**
 * Reads the signing keys again when another replica rotated them: replicas that share the data
 * directory then sign and verify with the same keys within moments of the rotation.
 */
@Component
class SigningKeyChanges {

    SigningKeyChanges(ChangeFeed feed, SigningKeyStore store) {
        feed.subscribe(Topic.SIGNING_KEYS, change -> store.reload());
    }
}
