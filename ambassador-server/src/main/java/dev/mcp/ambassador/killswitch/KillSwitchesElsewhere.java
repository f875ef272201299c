package dev.mcp.ambassador.killswitch;

import dev.mcp.ambassador.cluster.Change;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.pipeline.InFlightCalls;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A kill switch set on another replica stops the calls this replica is running too, as it does
 * on the replica where it was set. New requests need nothing of this: the change feed empties the
 * cache of active switches before this runs.
 */
@Component
class KillSwitchesElsewhere {

    private final KillSwitches switches;
    private final InFlightCalls inFlight;

    KillSwitchesElsewhere(ChangeFeed feed, KillSwitches switches, InFlightCalls inFlight) {
        this.switches = switches;
        this.inFlight = inFlight;
        feed.subscribe(Topic.KILL_SWITCHES, this::changed);
    }

    private void changed(Change change) {
        List<KillSwitch> active = change.subject() == null
                ? switches.list(true)
                : switches.find(UUID.fromString(change.subject())).filter(KillSwitch::active).stream()
                        .toList();
        for (KillSwitch killSwitch : active) {
            inFlight.stop(
                    request -> killSwitch.scope().stops(killSwitch.target(), request),
                    KillSwitchStep.refusal(killSwitch));
        }
    }
}
