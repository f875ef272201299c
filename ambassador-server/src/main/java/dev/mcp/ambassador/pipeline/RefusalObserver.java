package dev.mcp.ambassador.pipeline;

/**
 * Told of every request refused before the audit step (by authentication, the kill switch, RBAC or
 * the rate limit), so the refusal is recorded too. Must not throw; the refusal stands either way.
 */
public interface RefusalObserver {

    void refused(DownstreamRequest request, Outcome.Refused refusal);
}
