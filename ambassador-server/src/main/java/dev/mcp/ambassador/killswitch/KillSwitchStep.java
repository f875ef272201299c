package dev.mcp.ambassador.killswitch;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.Stage;
import org.springframework.stereotype.Component;

/** Refuses every request that an active kill switch covers. */
@Component
class KillSwitchStep implements PipelineStep {

    private final KillSwitches switches;

    KillSwitchStep(KillSwitches switches) {
        this.switches = switches;
    }

    @Override
    public Stage stage() {
        return Stage.KILL_SWITCH;
    }

    @Override
    public Outcome handle(DownstreamRequest request, Chain chain) {
        return switches.stopping(request).<Outcome>map(KillSwitchStep::refusal).orElseGet(() -> chain.proceed(request));
    }

    static Outcome.Refused refusal(KillSwitch killSwitch) {
        String what =
                switch (killSwitch.scope()) {
                    case GLOBAL -> "every server";
                    case SERVER -> "server '" + killSwitch.target() + "'";
                    case TOOL -> "tool '" + killSwitch.target() + "'";
                    case USER -> "your account";
                    case KEY -> "the key this session was registered with";
                };
        return new Outcome.Refused(
                Stage.KILL_SWITCH,
                "An administrator switched off " + what + " (reason: " + killSwitch.reason()
                        + "). Requests are refused until the kill switch is lifted; ask your administrator.");
    }
}
