package dev.mcp.ambassador.pipeline;

import java.util.Locale;

/**
 * What on a server a request is about, as RBAC checks it: a tool by its own name, a prompt by its
 * own name, or a resource by its downstream URI (or URI template, for a completion).
 *
 * @param type which list of a grant decides it
 * @param name the server's own name or URI, without the ambassador's prefix
 */
public record Subject(Type type, String name) {

    public enum Type {
        TOOL,
        PROMPT,
        RESOURCE;

        /** The word users read in messages and audit rows: {@code tool}, {@code prompt}, {@code resource}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Subject tool(String name) {
        return new Subject(Type.TOOL, name);
    }

    public static Subject prompt(String name) {
        return new Subject(Type.PROMPT, name);
    }

    public static Subject resource(String uri) {
        return new Subject(Type.RESOURCE, uri);
    }
}
