package dev.mcp.ambassador.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time goes, by component: each JFR execution sample is charged to the innermost
 * frame that belongs to a known component (TLS, JSON, Tomcat, Spring Security, Micrometer, the
 * connection pool, the ambassador's own code, …), so a JDK method such as {@code String.equals}
 * counts for whoever called it.
 */
public final class ProfileSummary {

    /** Package prefixes and the component they belong to, most specific first. */
    private static final List<String[]> COMPONENTS = List.of(
            new String[] {"sun.security.", "TLS and crypto"},
            new String[] {"com.sun.crypto.", "TLS and crypto"},
            new String[] {"javax.crypto.", "TLS and crypto"},
            new String[] {"tools.jackson.", "JSON (Jackson)"},
            new String[] {"org.postgresql.", "PostgreSQL driver"},
            new String[] {"com.zaxxer.hikari.", "connection pool (Hikari)"},
            new String[] {"org.springframework.jdbc.", "Spring JDBC and transactions"},
            new String[] {"org.springframework.transaction.", "Spring JDBC and transactions"},
            new String[] {"org.springframework.security.", "Spring Security"},
            new String[] {"io.micrometer.", "Micrometer observations"},
            new String[] {"org.springframework.web.", "Spring MVC"},
            new String[] {"org.springframework.http.", "Spring MVC"},
            new String[] {"org.apache.tomcat.", "Tomcat"},
            new String[] {"org.apache.coyote.", "Tomcat"},
            new String[] {"org.apache.catalina.", "Tomcat"},
            new String[] {"jdk.internal.net.http.", "JDK HTTP client (to downstreams)"},
            new String[] {"dev.mcp.ambassador.", "ambassador code"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"},
            new String[] {"org.springframework.", "Spring core (beans, AOP, conversion)"},
            new String[] {"java.lang.VirtualThread", "virtual-thread scheduling"},
            new String[] {"java.util.concurrent.", "virtual-thread scheduling"},
            new String[] {"jdk.internal.vm.", "virtual-thread scheduling"},
            new String[] {"sun.nio.", "socket I/O"},
            new String[] {"java.nio.", "socket I/O"});

    private ProfileSummary() {}

    /** A table of components by share of execution samples, largest first. */
    public static String byComponent(Path recording) {
        Map<String, Long> samples = new LinkedHashMap<>();
        long total = 0;
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null) {
                    continue;
                }
                samples.merge(component(stack.getFrames()), 1L, Long::sum);
                total++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder(String.format("CPU samples by component (%d samples)%n%n", total));
        long all = total;
        samples.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> out.append(String.format(
                        "%-40s %6d  %5.1f %%%n", entry.getKey(), entry.getValue(), 100.0 * entry.getValue() / all)));
        return out.toString();
    }

    static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod() == null) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            for (String[] component : COMPONENTS) {
                if (type.startsWith(component[0])) {
                    return component[1];
                }
            }
        }
        return "other (JDK, JVM)";
    }
}
