package dev.mcp.ambassador.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class ToolCallPipelineTests {

    private final List<Stage> visited = new ArrayList<>();
    private final ToolCall call =
            new ToolCall(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "srv", "echo", null, null);

    @Test
    void runWhenStepsRegisteredOutOfOrderThenRunsThemInStageOrder() {
        ToolCallPipeline pipeline = new ToolCallPipeline(
                List.of(passing(Stage.FORWARD), passing(Stage.AUDIT), passing(Stage.RBAC), passing(Stage.KILL_SWITCH)));

        ToolCallOutcome outcome = pipeline.run(call);

        assertThat(outcome).isInstanceOf(ToolCallOutcome.Completed.class);
        assertThat(visited).containsExactly(Stage.KILL_SWITCH, Stage.RBAC, Stage.AUDIT, Stage.FORWARD);
    }

    @Test
    void runWhenAStepRefusesThenLaterStepsNeverRun() {
        ToolCallStep refusing = step(Stage.RBAC, (c, chain) -> new ToolCallOutcome.Refused(Stage.RBAC, -32001, "no"));
        ToolCallPipeline pipeline = new ToolCallPipeline(List.of(passing(Stage.FORWARD), refusing));

        assertThat(pipeline.run(call)).isInstanceOf(ToolCallOutcome.Refused.class);
        assertThat(visited).doesNotContain(Stage.FORWARD);
    }

    @Test
    void runWhenAStepThrowsThenTheCallIsRefusedByThatStage() {
        ToolCallStep broken = step(Stage.RBAC, (c, chain) -> {
            throw new IllegalStateException("database down");
        });
        ToolCallPipeline pipeline = new ToolCallPipeline(List.of(broken, passing(Stage.FORWARD)));

        ToolCallOutcome outcome = pipeline.run(call);

        assertThat(outcome).isInstanceOfSatisfying(ToolCallOutcome.Refused.class, refused -> {
            assertThat(refused.stage()).isEqualTo(Stage.RBAC);
            assertThat(refused.message()).doesNotContain("database down");
        });
        assertThat(visited).doesNotContain(Stage.FORWARD);
    }

    @Test
    void runWhenCallHasNoUserThenRefusedBeforeAnyStep() {
        ToolCallPipeline pipeline = new ToolCallPipeline(List.of(passing(Stage.FORWARD)));

        ToolCallOutcome outcome = pipeline.run(new ToolCall(null, null, null, "srv", "echo", null, null));

        assertThat(outcome).isInstanceOfSatisfying(ToolCallOutcome.Refused.class, refused -> assertThat(refused.stage())
                .isEqualTo(Stage.AUTHENTICATE));
        assertThat(visited).isEmpty();
    }

    @Test
    void constructorWhenTwoStepsClaimOneStageThenFails() {
        assertThatThrownBy(() ->
                        new ToolCallPipeline(List.of(passing(Stage.RBAC), passing(Stage.RBAC), passing(Stage.FORWARD))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RBAC");
    }

    @Test
    void constructorWhenNoForwardStepThenFails() {
        assertThatThrownBy(() -> new ToolCallPipeline(List.of(passing(Stage.RBAC))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FORWARD");
    }

    private ToolCallStep passing(Stage stage) {
        return step(
                stage,
                (c, chain) -> stage == Stage.FORWARD
                        ? new ToolCallOutcome.Completed(JsonNodeFactory.instance.objectNode())
                        : chain.proceed(c));
    }

    private interface Handler {
        ToolCallOutcome handle(ToolCall call, ToolCallStep.Chain chain);
    }

    private ToolCallStep step(Stage stage, Handler handler) {
        return new ToolCallStep() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public ToolCallOutcome handle(ToolCall call, Chain chain) {
                visited.add(stage);
                return handler.handle(call, chain);
            }
        };
    }
}
