package dev.mcp.ambassador.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to run and for how long. Defaults are the published method (docs/performance.md);
 * {@code --quick} shortens every phase to prove the harness works, and its figures mean nothing.
 *
 * @param suites {@code all} or any of {@code startup}, {@code memory}, {@code load}, {@code replicas},
 *     {@code jmh}
 */
record Options(
        List<String> suites,
        Duration warmup,
        Duration measure,
        int rounds,
        int concurrency,
        int rate,
        int idleSessions,
        boolean quick,
        boolean profile,
        Path out,
        String databaseUrl,
        String databaseUsername,
        String databasePassword) {

    static final String USAGE =
            """
            usage: java -jar ambassador-bench.jar [all|startup|memory|load|replicas|jmh]... [options]
              --warmup 10s        warm-up per target before the measured rounds
              --measure 10s       measured time per target and round
              --rounds 3          alternating rounds
              --concurrency 32    clients in the high-concurrency closed-loop and replicas comparisons
              --rate 1000         calls per second in the open-loop comparison
              --sessions 1000     idle MCP sessions for the memory figure
              --no-profile        skip the JFR profile under load
              --quick             seconds-long smoke run; its figures mean nothing
              --out DIR           where results go (default: ambassador-bench/target/bench-results)
              --database-url URL  also measure start-up against this external, empty PostgreSQL
                                  (or AMBASSADOR_BENCH_DATABASE_URL, _USERNAME, _PASSWORD)
              echo stdio|http [port]   run the fast echo MCP server instead""";

    static Options parse(String[] args, Path defaultOut) {
        List<String> suites = new java.util.ArrayList<>();
        Duration warmup = Duration.ofSeconds(10);
        Duration measure = Duration.ofSeconds(10);
        int rounds = 3;
        int concurrency = 32;
        int rate = 1000;
        int sessions = 1000;
        boolean quick = false;
        boolean profile = true;
        Path out = defaultOut;
        String url = System.getenv("AMBASSADOR_BENCH_DATABASE_URL");
        String username = System.getenv().getOrDefault("AMBASSADOR_BENCH_DATABASE_USERNAME", "");
        String password = System.getenv().getOrDefault("AMBASSADOR_BENCH_DATABASE_PASSWORD", "");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--warmup" -> warmup = duration(value(args, ++i, arg));
                case "--measure" -> measure = duration(value(args, ++i, arg));
                case "--rounds" -> rounds = positive(value(args, ++i, arg), arg);
                case "--concurrency" -> concurrency = positive(value(args, ++i, arg), arg);
                case "--rate" -> rate = positive(value(args, ++i, arg), arg);
                case "--sessions" -> sessions = positive(value(args, ++i, arg), arg);
                case "--quick" -> quick = true;
                case "--no-profile" -> profile = false;
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--database-url" -> url = value(args, ++i, arg);
                case "--database-username" -> username = value(args, ++i, arg);
                case "--database-password" -> password = value(args, ++i, arg);
                case "all", "startup", "memory", "load", "replicas", "jmh" -> suites.add(arg);
                default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        if (suites.isEmpty() || suites.contains("all")) {
            suites = List.of("startup", "memory", "load", "replicas", "jmh");
        }
        if (quick) {
            warmup = Duration.ofSeconds(1);
            measure = Duration.ofSeconds(2);
            rounds = 2;
            sessions = Math.min(sessions, 100);
        }
        return new Options(
                List.copyOf(suites),
                warmup,
                measure,
                rounds,
                concurrency,
                rate,
                sessions,
                quick,
                profile,
                out,
                url == null || url.isBlank() ? null : url,
                username,
                password);
    }

    private static String value(String[] args, int index, String name) {
        if (index >= args.length) {
            throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        return args[index];
    }

    private static int positive(String value, String name) {
        int parsed = Integer.parseInt(value);
        if (parsed < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return parsed;
    }

    /** {@code 500ms}, {@code 10s} or {@code 2m}. */
    static Duration duration(String value) {
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> throw new IllegalArgumentException("A duration is like 500ms, 10s or 2m: " + value);
        };
    }
}
