package dev.mcp.ambassador.pipeline;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of client request that reaches a downstream server, and so passes the pipeline. The
 * kind travels with the request: steps may decide by it (RBAC checks a resource URI for a read and
 * a tool name for a call), and audit rows record it.
 */
public enum RequestKind {
    TOOLS_CALL("tools/call"),
    RESOURCES_READ("resources/read"),
    RESOURCES_SUBSCRIBE("resources/subscribe"),
    RESOURCES_UNSUBSCRIBE("resources/unsubscribe"),
    PROMPTS_GET("prompts/get"),
    COMPLETION_COMPLETE("completion/complete"),
    TASKS_GET("tasks/get"),
    TASKS_RESULT("tasks/result"),
    TASKS_CANCEL("tasks/cancel");

    private final String method;

    RequestKind(String method) {
        this.method = method;
    }

    /** The JSON-RPC method, as sent downstream. */
    public String method() {
        return method;
    }

    public static Optional<RequestKind> ofMethod(String method) {
        return Arrays.stream(values())
                .filter(kind -> kind.method.equals(method))
                .findFirst();
    }
}
