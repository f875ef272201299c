package dev.mcp.ambassador.bench.report;

/** The published performance targets, each with its limit and how the figure compares with it. */
public enum Goal {
    ADDED_P50("added p50 per `tools/call` (ambassador → echo HTTP vs direct, c=32)", 0.5, true, "ms"),
    ADDED_P99("added p99 per `tools/call` (ambassador → echo HTTP vs direct, c=32)", 2.0, true, "ms"),
    CALLS_ECHO_HTTP("calls/s through the ambassador, echo over HTTP, c=32", 5_000, false, "calls/s"),
    CALLS_ECHO_STDIO("calls/s through the ambassador, echo over stdio, c=32", 5_000, false, "calls/s"),
    EVERYTHING_SHARE("share of direct calls/s, server-everything over HTTP, c=8", 90, false, "%"),
    TOKEN_VERIFY("session-token verification (JMH)", 2, true, "µs"),
    RBAC_DECISION("RBAC decision (JMH, `RbacDecisionBenchmark.decide`)", 5, true, "µs"),
    VAULT_DECRYPT("vault decryption (JMH)", 10, true, "µs"),
    HEAP_IDLE_SESSIONS("live heap with 1,000 idle MCP sessions", 256, true, "MiB"),
    RSS_IDLE("RSS idle, default heap", 300, true, "MiB"),
    START_EMBEDDED("start to ready, embedded PostgreSQL, after the first boot", 5, true, "s"),
    START_EXTERNAL("start to ready, external PostgreSQL, after the first boot", 3, true, "s");

    private final String description;
    private final double limit;
    private final boolean atMost;
    private final String unit;

    Goal(String description, double limit, boolean atMost, String unit) {
        this.description = description;
        this.limit = limit;
        this.atMost = atMost;
        this.unit = unit;
    }

    /** One row of the targets table for a measured {@code value}, or "not measured" for null. */
    String row(Double value) {
        String bound = (atMost ? "≤ " : "≥ ") + number(limit) + " " + unit;
        if (value == null || value.isNaN()) {
            return "| " + description + " | " + bound + " | not measured | |";
        }
        double gap = atMost ? value - limit : limit - value;
        String verdict = gap <= 0 ? "met" : "missed by " + number(gap) + " " + unit;
        return "| " + description + " | " + bound + " | " + number(value) + " " + unit + " | " + verdict + " |";
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }
}
