package dev.mcp.ambassador.support;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.Subject;
import java.util.UUID;

/** Requests as the pipeline's steps see them, for tests of what decides on them. */
public final class TestRequests {

    private TestRequests() {}

    /**
     * A {@code tools/call} of {@code tool} on {@code serverSlug} by {@code user} in a fresh session,
     * without a preshared key, catalog entry or arguments: what a policy kept in memory is asked about.
     */
    public static DownstreamRequest toolCall(UUID user, String serverSlug, String tool) {
        return new DownstreamRequest(
                RequestKind.TOOLS_CALL,
                user,
                UUID.randomUUID(),
                null,
                DownstreamRequest.Origin.UNKNOWN,
                serverSlug,
                null,
                Subject.tool(tool),
                null,
                null);
    }
}
