package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.identity.AuthenticatedUser;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/me/tools}: the tools the caller's grants let through, from every published server
 * they may reach, named as MCP clients see them. A preshared key's scopes may narrow this further
 * for the sessions registered with that key.
 */
@RestController
class MyToolsController {

    private final ToolAggregator tools;

    MyToolsController(ToolAggregator tools) {
        this.tools = tools;
    }

    /** One tool as its user sees it: the name to call, where it comes from and what it says it does. */
    record MyTool(String name, String server, String tool, String title, String description) {}

    @GetMapping("/v1/me/tools")
    List<MyTool> mine(@AuthenticationPrincipal AuthenticatedUser caller) {
        String separator = tools.separator();
        return tools.grantedTools(caller.id()).stream()
                .map(tool -> view(tool, separator))
                .toList();
    }

    private static MyTool view(JsonNode tool, String separator) {
        String name = tool.path("name").asString("");
        int at = name.indexOf(separator);
        return new MyTool(
                name,
                name.substring(0, at),
                name.substring(at + separator.length()),
                text(tool, "title"),
                text(tool, "description"));
    }

    private static String text(JsonNode tool, String field) {
        JsonNode value = tool.path(field);
        return value.isString() ? value.asString() : null;
    }
}
