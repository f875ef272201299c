package dev.mcp.ambassador.bench.load;

/**
 * How calls are offered. Closed loop: a fixed number of clients, each sending its next call when
 * the last one answered. Open loop: calls arrive at a fixed rate whether or not earlier ones were
 * answered, and each call's latency counts from when it should have been sent, so a stalled server
 * cannot hide its stall by slowing the clients down (coordinated omission).
 */
public sealed interface Load {

    /** A short label for tables, e.g. {@code c=32} or {@code 1000/s}. */
    String label();

    /** How many MCP sessions the load is spread over. */
    int sessions();

    /** {@code concurrency} clients, one MCP session each, each with one call in flight. */
    record Closed(int concurrency) implements Load {
        public Closed {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
        }

        @Override
        public String label() {
            return "c=" + concurrency;
        }

        @Override
        public int sessions() {
            return concurrency;
        }
    }

    /**
     * {@code ratePerSecond} calls a second, spread round-robin over {@code sessions} MCP sessions;
     * at most {@code maxInFlight} may be outstanding, further arrivals are counted as shed.
     */
    record Open(int ratePerSecond, int sessions, int maxInFlight) implements Load {
        public Open {
            if (ratePerSecond < 1 || sessions < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("rate, sessions and max in flight must be at least 1");
            }
        }

        @Override
        public String label() {
            return ratePerSecond + "/s open";
        }
    }
}
