package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.RequestPipeline;
import dev.mcp.ambassador.pipeline.Stage;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.session.SessionClaims;
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

    private final JsonMapper json;
    private final ToolAggregator tools;
    private final RequestPipeline pipeline;
    private final ResourceAndPromptRelay relay;
    private final McpSessions sessions;
    private final McpTasks tasks;
    private final ListPages pages;
    private final PipelineAnswers answers;
    private final ParamHeaderCheck paramHeaders;

    McpRequests(
            JsonMapper json,
            ToolAggregator tools,
            RequestPipeline pipeline,
            ResourceAndPromptRelay relay,
            McpSessions sessions,
            McpTasks tasks,
            AmbassadorProperties properties,
            PipelineAnswers answers,
            ParamHeaderCheck paramHeaders) {
        this.answers = answers;
        this.paramHeaders = paramHeaders;
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
            return answers.answer(
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
                relayed(
                        id,
                        RequestKind.PROMPTS_GET,
                        caller,
                        exchange,
                        relay.prompt(caller.userId(), caller.presharedKeyId(), params),
                        "Unknown prompt.");
            case "completion/complete" ->
                relayed(
                        id,
                        RequestKind.COMPLETION_COMPLETE,
                        caller,
                        exchange,
                        relay.completion(caller.userId(), caller.presharedKeyId(), params),
                        "Unknown prompt or resource template.");
            case "resources/subscribe", "resources/unsubscribe" -> subscription(id, method, params, caller, exchange);
            case "logging/setLevel" -> setLevel(id, params, exchange);
            case "tasks/get", "tasks/result", "tasks/cancel" -> tasks.request(id, method, params, caller, exchange);
            case "tasks/list" -> page(id, params, "tasks", () -> tasks.list(caller));
            default -> JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + answers.quoted(method));
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
        if (kind == RequestKind.RESOURCES_READ
                && target.get().mapped()
                && outcome instanceof Outcome.Completed completed) {
            return JsonRpc.result(
                    id, ResourceAndPromptRelay.clientReadResult(target.get().slug(), completed.result()));
        }
        return answers.answer(id, outcome);
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
            return answers.answer(id, pipeline.run(request(kind, caller, exchange, target.get())));
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
        return answers.answer(id, outcome);
    }

    private static DownstreamRequest request(
            RequestKind kind, SessionClaims caller, Exchange exchange, ResourceAndPromptRelay.Target target) {
        return PipelineAnswers.request(
                kind, caller, exchange, target.slug(), target.server(), target.subject(), target.params());
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

    private JsonNode callTool(JsonNode id, JsonNode params, SessionClaims caller, Exchange exchange) {
        if (!params.isObject() || !params.path("name").isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "tools/call needs params.name.");
        }
        String clientName = params.path("name").asString();
        Optional<ToolAggregator.QualifiedName> name =
                tools.resolve(caller.userId(), caller.presharedKeyId(), clientName);
        if (name.isEmpty()) {
            // As MCP servers answer a tool they do not have: a tool error the model can read.
            ObjectNode result = json.createObjectNode().put("isError", true);
            result.putArray("content")
                    .addObject()
                    .put("type", "text")
                    .put(
                            "text",
                            "Unknown tool: " + answers.quoted(clientName) + ". Tools are named <server>"
                                    + tools.separator() + "<tool>.");
            return JsonRpc.result(id, result);
        }
        ObjectNode forwarded = (ObjectNode) params.deepCopy();
        forwarded.put("name", name.get().toolName());
        CatalogServer server = relay.published(name.get().serverSlug());
        String mismatch = paramHeaders.mismatch(
                exchange, server, caller.userId(), name.get().toolName(), params);
        if (mismatch != null) {
            return ProtocolVersions.headerMismatch(id, mismatch);
        }
        DownstreamRequest call = PipelineAnswers.request(
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
            return tasks.created(id, completed.result(), call, connectionBefore, exchange);
        }
        return answers.answer(id, outcome);
    }
}
