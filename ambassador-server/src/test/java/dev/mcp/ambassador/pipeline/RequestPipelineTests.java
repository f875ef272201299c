package dev.mcp.ambassador.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class RequestPipelineTests {

    private final List<Stage> visited = new ArrayList<>();
    private final List<Outcome.Refused> observed = new ArrayList<>();
    private final DownstreamRequest call = request(UUID.randomUUID());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void runWhenStepsRegisteredOutOfOrderThenRunsThemInStageOrder() {
        RequestPipeline pipeline = pipeline(
                List.of(passing(Stage.FORWARD), passing(Stage.AUDIT), passing(Stage.RBAC), passing(Stage.KILL_SWITCH)));

        Outcome outcome = pipeline.run(call);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(visited).containsExactly(Stage.KILL_SWITCH, Stage.RBAC, Stage.AUDIT, Stage.FORWARD);
    }

    @Test
    void runWhenAStepRefusesThenLaterStepsNeverRun() {
        PipelineStep refusing = step(Stage.RBAC, (c, chain) -> new Outcome.Refused(Stage.RBAC, "no"));
        RequestPipeline pipeline = pipeline(List.of(passing(Stage.FORWARD), refusing));

        assertThat(pipeline.run(call)).isInstanceOf(Outcome.Refused.class);
        assertThat(visited).doesNotContain(Stage.FORWARD);
    }

    @Test
    void runWhenAStepThrowsThenTheCallIsRefusedByThatStage() {
        PipelineStep broken = step(Stage.RBAC, (c, chain) -> {
            throw new IllegalStateException("database down");
        });
        RequestPipeline pipeline = pipeline(List.of(broken, passing(Stage.FORWARD)));

        Outcome outcome = pipeline.run(call);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
            assertThat(refused.stage()).isEqualTo(Stage.RBAC);
            assertThat(refused.message()).doesNotContain("database down");
        });
        assertThat(visited).doesNotContain(Stage.FORWARD);
    }

    @Test
    void runWhenCallHasNoUserThenRefusedBeforeAnyStep() {
        RequestPipeline pipeline = pipeline(List.of(passing(Stage.FORWARD)));

        Outcome outcome = pipeline.run(request(null));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, refused -> assertThat(refused.stage())
                .isEqualTo(Stage.AUTHENTICATE));
        assertThat(visited).isEmpty();
    }

    @Test
    void runWhenStepsPassRefuseOrFailThenEachDecisionIsCountedAndEachStepTimed() {
        PipelineStep broken = step(Stage.RBAC, (c, chain) -> {
            throw new IllegalStateException("database down");
        });
        PipelineStep refusing = step(Stage.RBAC, (c, chain) -> new Outcome.Refused(Stage.RBAC, "no"));

        pipeline(List.of(passing(Stage.KILL_SWITCH), passing(Stage.RBAC), passing(Stage.FORWARD)))
                .run(call);
        pipeline(List.of(passing(Stage.KILL_SWITCH), refusing, passing(Stage.FORWARD)))
                .run(call);
        pipeline(List.of(passing(Stage.KILL_SWITCH), broken, passing(Stage.FORWARD)))
                .run(call);
        pipeline(List.of(passing(Stage.FORWARD))).run(request(null));

        assertThat(count("kill_switch", "allowed")).isEqualTo(3);
        assertThat(count("rbac", "allowed")).isEqualTo(1);
        assertThat(count("rbac", "refused")).isEqualTo(1);
        assertThat(count("rbac", "error")).isEqualTo(1);
        assertThat(count("forward", "completed")).isEqualTo(1);
        assertThat(count("authenticate", "refused")).isEqualTo(1);
        assertThat(meters.get(PipelineMetrics.DURATION)
                        .tag("stage", "rbac")
                        .timer()
                        .count())
                .isEqualTo(3);
        assertThat(meters.get(PipelineMetrics.DURATION)
                        .tag("stage", "forward")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void constructorWhenTwoStepsClaimOneStageThenFails() {
        assertThatThrownBy(() -> pipeline(List.of(passing(Stage.RBAC), passing(Stage.RBAC), passing(Stage.FORWARD))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RBAC");
    }

    @Test
    void constructorWhenNoForwardStepThenFails() {
        assertThatThrownBy(() -> pipeline(List.of(passing(Stage.RBAC))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FORWARD");
    }

    @Test
    void runWhenAStepBeforeAuditRefusesThenObserversAreToldSoTheRefusalIsRecorded() {
        PipelineStep refusing = step(Stage.KILL_SWITCH, (c, chain) -> new Outcome.Refused(Stage.KILL_SWITCH, "off"));

        pipeline(List.of(refusing, passing(Stage.AUDIT), passing(Stage.FORWARD)))
                .run(call);

        assertThat(observed).singleElement().satisfies(refused -> assertThat(refused.refusedBy())
                .isEqualTo("kill_switch"));
    }

    @Test
    void runWhenForwardRefusesThenObserversAreNotToldBecauseTheAuditStepSawIt() {
        PipelineStep refusing = step(Stage.FORWARD, (c, chain) -> new Outcome.Refused(Stage.FORWARD, "gone"));

        pipeline(List.of(passing(Stage.AUDIT), refusing)).run(call);

        assertThat(observed).isEmpty();
    }

    private RequestPipeline pipeline(List<PipelineStep> steps) {
        return new RequestPipeline(
                steps,
                List.<RefusalObserver>of((request, refusal) -> observed.add(refusal)),
                new InFlightCalls(),
                meters);
    }

    private double count(String stage, String decision) {
        return meters.get(PipelineMetrics.STEPS)
                .tag("stage", stage)
                .tag("kind", "tools/call")
                .tag("decision", decision)
                .counter()
                .count();
    }

    private static DownstreamRequest request(UUID user) {
        return new DownstreamRequest(
                RequestKind.TOOLS_CALL,
                user,
                UUID.randomUUID(),
                UUID.randomUUID(),
                DownstreamRequest.Origin.UNKNOWN,
                "srv",
                null,
                Subject.tool("echo"),
                null,
                null);
    }

    private PipelineStep passing(Stage stage) {
        return step(
                stage,
                (c, chain) -> stage == Stage.FORWARD
                        ? new Outcome.Completed(JsonNodeFactory.instance.objectNode())
                        : chain.proceed(c));
    }

    private interface Handler {
        Outcome handle(DownstreamRequest call, PipelineStep.Chain chain);
    }

    private PipelineStep step(Stage stage, Handler handler) {
        return new PipelineStep() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public Outcome handle(DownstreamRequest call, Chain chain) {
                visited.add(stage);
                return handler.handle(call, chain);
            }
        };
    }
}
