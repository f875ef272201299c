package dev.mcp.ambassador.downstream;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the ambassador tells a downstream it supports as a client: everything it can relay to the
 * real client. A client that lacks a capability answers the relayed request with an error, which
 * reaches the server like any other answer.
 */
final class RelayedClientCapabilities {

    private RelayedClientCapabilities() {}

    static ObjectNode create() {
        ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
        capabilities.putObject("roots").put("listChanged", true);
        capabilities.putObject("sampling");
        capabilities.putObject("elicitation");
        return capabilities;
    }
}
