package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.RequestPipeline;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.session.SessionClaims;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tasks (task-augmented tool calls) as the client sees them: under ids of the ambassador's, which
 * only their user can use, kept in the process or session that created them.
 */
@Component
class McpTasks {

    static final String RELATED_TASK = "io.modelcontextprotocol/related-task";

    private final TaskRegistry tasks;
    private final ResourceAndPromptRelay relay;
    private final RequestPipeline pipeline;
    private final PipelineAnswers answers;
    private final JsonMapper json;

    McpTasks(
            TaskRegistry tasks,
            ResourceAndPromptRelay relay,
            RequestPipeline pipeline,
            PipelineAnswers answers,
            JsonMapper json) {
        this.tasks = tasks;
        this.relay = relay;
        this.pipeline = pipeline;
        this.answers = answers;
        this.json = json;
    }

    /**
     * A task-augmented call answers with the task the server created; the client gets it under
     * an id of the ambassador's. The task belongs to the process or session that created it;
     * should that have been replaced during the call, there is no telling where the task lives,
     * and the call is refused.
     */
    JsonNode created(JsonNode id, JsonNode result, DownstreamRequest call, String connectionBefore, Exchange exchange) {
        JsonNode downstreamId = result.at("/task/taskId");
        CatalogServer server = call.server();
        String slug = call.serverSlug();
        if (!downstreamId.isString()) {
            return JsonRpc.result(id, result);
        }
        String connectionId = relay.connectionId(server, call.userId());
        if (connectionId == null || (connectionBefore != null && !connectionBefore.equals(connectionId))) {
            ObjectNode error = json.createObjectNode()
                    .put("code", RequestPipeline.REFUSED)
                    .put("message", "Server '" + slug + "' restarted while creating the task; call the tool again.");
            return JsonRpc.error(id, error);
        }
        TaskRegistry.Task task = tasks.register(
                call.userId(),
                exchange.session().id(),
                server.id(),
                slug,
                connectionId,
                downstreamId.asString(),
                call.subject().name());
        ObjectNode mapped = (ObjectNode) result.deepCopy();
        ((ObjectNode) mapped.get("task")).put("taskId", task.clientId());
        return JsonRpc.result(id, mapTaskIds(mapped, task));
    }

    /** {@code tasks/get}, {@code tasks/result} or {@code tasks/cancel}, through the pipeline. */
    JsonNode request(JsonNode id, String method, JsonNode params, SessionClaims caller, Exchange exchange) {
        Optional<TaskRegistry.Task> task = tasks.find(params.path("taskId").asString(null), caller.userId());
        CatalogServer server =
                task.map(known -> relay.published(known.serverSlug())).orElse(null);
        // A task lives in the process that created it; once that process is gone, so is it.
        if (server == null || !task.get().connectionId().equals(relay.connectionId(server, caller.userId()))) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown task.");
        }
        ObjectNode downstreamParams = (ObjectNode) params.deepCopy();
        downstreamParams.put("taskId", task.get().downstreamId());
        Outcome outcome = pipeline.run(PipelineAnswers.request(
                RequestKind.ofMethod(method).orElseThrow(),
                caller,
                exchange,
                server.slug(),
                server,
                // Using a task is using the tool whose call created it.
                Subject.tool(task.get().toolName()),
                downstreamParams));
        if (outcome instanceof Outcome.Completed completed) {
            return JsonRpc.result(id, mapTaskIds(completed.result().deepCopy(), task.get()));
        }
        return answers.answer(id, outcome);
    }

    /** The caller's tasks as their servers list them, under the ids the caller knows them by. */
    List<JsonNode> list(SessionClaims caller) {
        List<JsonNode> mine = new ArrayList<>();
        relay.downstreamTasks(caller.userId(), caller.presharedKeyId()).forEach((server, listed) -> {
            for (JsonNode listedTask : listed) {
                tasks.findDownstream(
                                relay.connectionId(server, caller.userId()),
                                listedTask.path("taskId").asString(""),
                                caller.userId())
                        .ifPresent(task -> mine.add(mapTaskIds(listedTask.deepCopy(), task)));
            }
        });
        return mine;
    }

    /** Puts the client's task id wherever a task result names the downstream one. */
    static JsonNode mapTaskIds(JsonNode node, TaskRegistry.Task task) {
        if (node instanceof ObjectNode object) {
            if (object.path("taskId").isString()
                    && object.get("taskId").asString().equals(task.downstreamId())) {
                object.put("taskId", task.clientId());
            }
            JsonNode related = object.path("_meta").path(RELATED_TASK);
            if (related instanceof ObjectNode relatedObject) {
                relatedObject.put("taskId", task.clientId());
            }
            if (object.path("task") instanceof ObjectNode inner) {
                mapTaskIds(inner, task);
            }
        }
        return node;
    }
}
