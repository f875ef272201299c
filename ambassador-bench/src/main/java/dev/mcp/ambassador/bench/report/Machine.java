package dev.mcp.ambassador.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on, read from {@code /proc} and the running JVM. */
public final class Machine {

    private Machine() {}

    /** Cores, CPU model, memory, kernel and JVM, in one line. */
    public static String describe() {
        return String.format(
                "%d cores (%s), %s RAM, %s %s, %s %s",
                Runtime.getRuntime().availableProcessors(),
                firstValue(Path.of("/proc/cpuinfo"), "model name"),
                memory(),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"));
    }

    /** The 1, 5 and 15 minute load averages: more than the core count means a busy machine. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** True when the 1-minute figure of {@code loadAverage} exceeds the number of cores. */
    public static boolean busy(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0])
                    > Runtime.getRuntime().availableProcessors();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String memory() {
        String total = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return String.format("%.1f GiB", Long.parseLong(total.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return total;
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
