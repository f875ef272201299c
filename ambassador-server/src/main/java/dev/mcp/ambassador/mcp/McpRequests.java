package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.RequestPipeline;
import dev.mcp.ambassador.pipeline.Stage;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.redaction.Redactor;
import dev.mcp.ambassador.session.SessionClaims;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the ambassador answers to each MCP request once the transport has checked it: the methods
 * it serves itself and those it relays to the servers the caller may reach.
 */
@Component
class McpRequests {

    static final String RELATED_TASK = "io.modelcontextprotocol/related-task";

    private final JsonMapper json;
    private final ToolAggregator tools;
    private final RequestPipeline pipeline;
    private final ResourceAndPromptRelay relay;
    private final McpSessions sessions;
    private final TaskRegistry tasks;
    private final ListPages pages;
    private final Redactor redactor;

    McpRequests(
            JsonMapper json,
            ToolAggregator tools,
            RequestPipeline pipeline,
            ResourceAndPromptRelay relay,
            McpSessions sessions,
            TaskRegistry tasks,
            AmbassadorProperties properties,
            Redactor redactor) {
        this.redactor = redactor;
        this.tasks = tasks;
        this.json = json;
        this.tools = tools;
        this.pipeline = pipeline;
        this.relay = relay;
        this.sessions = sessions;
        this.pages = new ListPages(properties.mcp().pageSize());
    }

    /** How the ambassador names itself to clients, in either era. */
    static ObjectNode serverInfo() {
        return JsonNodeFactory.instance
                .objectNode()
                .put("name", "mcp-ambassador")
                .put("version", "0.1.0");
    }

    /** The {@code initialize} result: the capabilities of the caller's servers, merged. */
    ObjectNode initializeResult(String protocolVersion, SessionClaims caller) {
        ObjectNode result = json.createObjectNode().put("protocolVersion", protocolVersion);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("logging");
        capabilities.putObject("tools").put("listChanged", true);
        List<JsonNode> downstream = relay.capabilities(caller.userId(), caller.presharedKeyId());
        if (downstream.stream().anyMatch(c -> c.has("resources"))) {
            boolean subscribe = downstream.stream()
                    .anyMatch(c -> c.path("resources").path("subscribe").asBoolean(false));
            capabilities.putObject("resources").put("listChanged", true).put("subscribe", subscribe);
        }
        if (downstream.stream().anyMatch(c -> c.has("prompts"))) {
            capabilities.putObject("prompts").put("listChanged", true);
        }
        if (downstream.stream().anyMatch(c -> c.has("completions"))) {
            capabilities.putObject("completions");
        }
        if (downstream.stream().anyMatch(c -> c.at("/tasks/requests/tools").has("call"))) {
            ObjectNode tasks = capabilities.putObject("tasks");
            tasks.putObject("list");
            tasks.putObject("cancel");
            tasks.putObject("requests").putObject("tools").putObject("call");
        }
        result.set("serverInfo", serverInfo());
        result.put(
                "instructions",
                "Tools are named <server>" + tools.separator() + "<tool>; you see the tools your grants allow.");
        return result;
    }

    JsonNode handle(JsonNode id, String method, JsonNode params, SessionClaims caller, Exchange exchange) {
        try {
            return answerTo(id, method, params, caller, exchange);
        } catch (DataAccessException e) {
            // Deciding where a request goes and who may see what needs the database; without it,
            // nothing is forwarded, and the client is told so in words it can act on.
            return answer(
                    id,
                    new Outcome.Refused(
                            Stage.RBAC,
                            "The access check could not be made because the ambassador's database is unavailable,"
                                    + " so the request was refused. Try again shortly."));
        }
    }

    private JsonNode answerTo(JsonNode id, String method, JsonNode params, SessionClaims caller, Exchange exchange) {
        return switch (method) {
            case "ping" -> JsonRpc.result(id, json.createObjectNode());
            case "tools/list" -> page(id, params, "tools", () -> tools.tools(caller.userId(), caller.presharedKeyId()));
            case "tools/call" -> callTool(id, params, caller, exchange);
            case "resources/list" -> listed(id, params, caller, "resources", "resources/list", "resources");
            case "resources/templates/list" ->
                listed(id, params, caller, "resources", "resources/templates/list", "resourceTemplates");
            case "prompts/list" -> listed(id, params, caller, "prompts", "prompts/list", "prompts");
            case "resources/read" ->
                relayed(
                        id,
                        RequestKind.RESOURCES_READ,
                        caller,
                        exchange,
                        relay.resource(caller.userId(), caller.presharedKeyId(), params, "resources", null),
                        "Unknown resource.");
            case "prompts/get" ->
                relayed(id, RequestKind.PROMPTS_GET, caller, exchange, relay.prompt(params), "Unknown prompt.");
            case "completion/complete" ->
                relayed(
                        id,
                        RequestKind.COMPLETION_COMPLETE,
                        caller,
                        exchange,
                        relay.completion(params),
                        "Unknown prompt or resource template.");
            case "resources/subscribe", "resources/unsubscribe" -> subscription(id, method, params, caller, exchange);
            case "logging/setLevel" -> setLevel(id, params, exchange);
            case "tasks/get", "tasks/result", "tasks/cancel" -> taskRequest(id, method, params, caller, exchange);
            case "tasks/list" -> page(id, params, "tasks", () -> listTasks(caller));
            default -> JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + redactor.text(method));
        };
    }

    private JsonNode listed(
            JsonNode id, JsonNode params, SessionClaims caller, String capability, String method, String field) {
        return page(
                id,
                params,
                field,
                () -> relay.list(caller.userId(), caller.presharedKeyId(), capability, method, field));
    }

    private JsonNode page(JsonNode id, JsonNode params, String field, Supplier<List<JsonNode>> items) {
        JsonNode cursor = params.path("cursor");
        if (!cursor.isMissingNode() && !cursor.isNull() && !cursor.isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid cursor.");
        }
        return pages.page(items.get(), field, cursor.isString() ? cursor.asString() : null)
                .map(result -> (JsonNode) JsonRpc.result(id, result))
                .orElseGet(() -> JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid cursor."));
    }

    private JsonNode relayed(
            JsonNode id,
            RequestKind kind,
            SessionClaims caller,
            Exchange exchange,
            Optional<ResourceAndPromptRelay.Target> target,
            String unknown) {
        if (target.isEmpty()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, unknown);
        }
        Outcome outcome = pipeline.run(request(kind, caller, exchange, target.get()));
        if (kind == RequestKind.RESOURCES_READ && outcome instanceof Outcome.Completed completed) {
            return JsonRpc.result(
                    id, ResourceAndPromptRelay.clientReadResult(target.get().slug(), completed.result()));
        }
        return answer(id, outcome);
    }

    private JsonNode subscription(
            JsonNode id, String method, JsonNode params, SessionClaims caller, Exchange exchange) {
        Optional<ResourceAndPromptRelay.Target> target =
                relay.resource(caller.userId(), caller.presharedKeyId(), params, "resources", "subscribe");
        if (target.isEmpty()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown resource, or its server has no subscriptions.");
        }
        RequestKind kind = RequestKind.ofMethod(method).orElseThrow();
        CatalogServer server = target.get().server();
        if (server == null) {
            return answer(id, pipeline.run(request(kind, caller, exchange, target.get())));
        }
        UUID owner = relay.ownerOf(server, caller.userId());
        String downstreamUri = target.get().params().path("uri").asString();
        String key = McpSessions.subscriptionKey(server.id(), owner, downstreamUri);
        McpSession session = exchange.session();
        if (kind == RequestKind.RESOURCES_UNSUBSCRIBE) {
            session.subscriptions().remove(key);
            if (sessions.anySubscribed(key)) {
                // Another client still wants updates from the same downstream session.
                return JsonRpc.result(id, json.createObjectNode());
            }
        }
        Outcome outcome = pipeline.run(request(kind, caller, exchange, target.get()));
        if (outcome instanceof Outcome.Completed && kind == RequestKind.RESOURCES_SUBSCRIBE) {
            session.subscriptions()
                    .put(
                            key,
                            new McpSession.Subscription(
                                    server,
                                    owner,
                                    downstreamUri,
                                    params.path("uri").asString()));
        }
        return answer(id, outcome);
    }

    private DownstreamRequest request(
            RequestKind kind, SessionClaims caller, Exchange exchange, ResourceAndPromptRelay.Target target) {
        return request(kind, caller, exchange, target.slug(), target.server(), target.subject(), target.params());
    }

    private DownstreamRequest request(
            RequestKind kind,
            SessionClaims caller,
            Exchange exchange,
            String slug,
            CatalogServer server,
            Subject subject,
            JsonNode params) {
        return new DownstreamRequest(
                kind,
                caller.userId(),
                caller.sessionId(),
                caller.presharedKeyId(),
                new DownstreamRequest.Origin(exchange.session().id(), exchange.clientAddress()),
                slug,
                server,
                subject,
                params,
                exchange);
    }

    /**
     * The JSON-RPC answer to an outcome: the downstream's result or error unchanged, or a refusal
     * ({@code -32001}) whose {@code data.refused_by} names the step.
     */
    private JsonNode answer(JsonNode id, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completed completed -> JsonRpc.result(id, completed.result());
            case Outcome.DownstreamError error -> JsonRpc.error(id, error.error());
            case Outcome.Refused refused -> {
                // Refusals may quote what the user sent or what a server said: never a secret back out.
                ObjectNode error = json.createObjectNode()
                        .put("code", refused.code())
                        .put("message", redactor.text(refused.message()));
                ObjectNode data = error.putObject("data").put("refused_by", refused.refusedBy());
                if (refused.retryAfterSeconds() != null) {
                    data.put("retry_after_seconds", refused.retryAfterSeconds());
                }
                yield JsonRpc.error(id, error);
            }
        };
    }

    /**
     * Log levels are applied here, per client session, and not passed on: a process shared by many
     * users must not have one of them silence it for the rest.
     */
    private JsonNode setLevel(JsonNode id, JsonNode params, Exchange exchange) {
        Optional<LogLevel> level = LogLevel.parse(params.path("level").asString(""));
        if (level.isEmpty()) {
            return JsonRpc.error(
                    id,
                    JsonRpc.INVALID_PARAMS,
                    "Unknown log level; use one of debug, info, notice, warning, error, critical, alert, emergency.");
        }
        exchange.session().logLevel(level.get());
        return JsonRpc.result(id, json.createObjectNode());
    }

    /**
     * A task-augmented call answers with the task the server created; the client gets it under
     * an id of the ambassador's, which only its user can use. The task belongs to the process or
     * session that created it; should that have been replaced during the call, there is no telling
     * where the task lives, and the call is refused.
     */
    private JsonNode taskCreated(
            JsonNode id, JsonNode result, DownstreamRequest call, String connectionBefore, Exchange exchange) {
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

    private JsonNode taskRequest(JsonNode id, String method, JsonNode params, SessionClaims caller, Exchange exchange) {
        Optional<TaskRegistry.Task> task = tasks.find(params.path("taskId").asString(null), caller.userId());
        CatalogServer server =
                task.map(known -> relay.published(known.serverSlug())).orElse(null);
        // A task lives in the process that created it; once that process is gone, so is it.
        if (server == null || !task.get().connectionId().equals(relay.connectionId(server, caller.userId()))) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown task.");
        }
        ObjectNode downstreamParams = (ObjectNode) params.deepCopy();
        downstreamParams.put("taskId", task.get().downstreamId());
        Outcome outcome = pipeline.run(request(
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
        return answer(id, outcome);
    }

    /** The caller's tasks as their servers list them, under the ids the caller knows them by. */
    private List<JsonNode> listTasks(SessionClaims caller) {
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

    private JsonNode callTool(JsonNode id, JsonNode params, SessionClaims caller, Exchange exchange) {
        if (!params.isObject() || !params.path("name").isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "tools/call needs params.name.");
        }
        String clientName = params.path("name").asString();
        Optional<ToolAggregator.QualifiedName> name = tools.parse(clientName);
        if (name.isEmpty()) {
            // As MCP servers answer a tool they do not have: a tool error the model can read.
            ObjectNode result = json.createObjectNode().put("isError", true);
            result.putArray("content")
                    .addObject()
                    .put("type", "text")
                    .put(
                            "text",
                            "Unknown tool: " + redactor.text(clientName) + ". Tools are named <server>" + tools.separator()
                                    + "<tool>.");
            return JsonRpc.result(id, result);
        }
        ObjectNode forwarded = (ObjectNode) params.deepCopy();
        forwarded.put("name", name.get().toolName());
        CatalogServer server = relay.published(name.get().serverSlug());
        DownstreamRequest call = request(
                RequestKind.TOOLS_CALL,
                caller,
                exchange,
                name.get().serverSlug(),
                server,
                Subject.tool(name.get().toolName()),
                forwarded);
        String connectionBefore =
                params.has("task") && server != null ? relay.connectionId(server, caller.userId()) : null;
        Outcome outcome = pipeline.run(call);
        if (outcome instanceof Outcome.Completed completed && params.has("task")) {
            return taskCreated(id, completed.result(), call, connectionBefore, exchange);
        }
        return answer(id, outcome);
    }
}
