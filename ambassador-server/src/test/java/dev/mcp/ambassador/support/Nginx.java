package dev.mcp.ambassador.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real nginx (Debian's {@code nginx-light}) in front of several ambassador replicas, balancing
 * every request round-robin with no affinity at all. It terminates TLS with the replicas'
 * certificate and connects to each replica over TLS again, verifying it against their CA. Its
 * configuration, logs and temporary files live in a directory of their own below {@code target/};
 * it runs in the foreground and is stopped with SIGTERM. Each request is logged as one line:
 * {@code METHOD UPSTREAM STATUS "Mcp-Session-Id" "Last-Event-ID"}.
 *
 * <p>GET requests (event streams) are cut after {@code getIdleCut} without data from the replica,
 * so clients must resume their streams with {@code Last-Event-ID}, each time through whichever
 * replica comes next.
 */
public final class Nginx implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

    private final Process process;
    private final Path dir;
    private final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts nginx on a free loopback port, balancing over the replicas on {@code upstreamPorts}.
     *
     * @param certificate the chain nginx serves (the replicas' own server certificate will do)
     * @param key its private key
     * @param replicaCa the CA the replicas' certificates must chain to
     */
    public static Nginx roundRobin(
            List<Integer> upstreamPorts, Path certificate, Path key, Path replicaCa, Duration getIdleCut) {
        Path binary = binary();
        try {
            Path base = Path.of("target", "nginx").toAbsolutePath();
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base, "nginx-");
            int port = freePort();
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, port, upstreamPorts, certificate, key, replicaCa, getIdleCut));
            Process process = new ProcessBuilder(
                            binary.toString(),
                            "-p",
                            dir.toString(),
                            "-e",
                            dir.resolve("error.log").toString(),
                            "-c",
                            conf.toString(),
                            "-g",
                            "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            Nginx nginx = new Nginx(process, dir, port);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /**
     * One request as nginx logged it once answered; {@code session} and {@code lastEventId} are
     * null when the request carried no such header.
     */
    public record Logged(String method, String upstream, int status, String session, String lastEventId) {

        static Logged parse(String line) {
            String[] fields = line.split(" ");
            return new Logged(fields[0], fields[1], Integer.parseInt(fields[2]), header(fields[3]), header(fields[4]));
        }

        private static String header(String quoted) {
            String value = quoted.replace("\"", "");
            return value.isEmpty() || value.equals("-") ? null : value;
        }
    }

    /** The requests answered so far, oldest first. */
    public List<Logged> requests() {
        return accessLog().stream().map(Logged::parse).toList();
    }

    /** The requests answered so far, a line each, oldest first. */
    public List<String> accessLog() {
        try {
            Path log = dir.resolve("access.log");
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What nginx wrote to its error log, for failure messages. */
    public String errorLog() {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String config(
            Path dir,
            int port,
            List<Integer> upstreamPorts,
            Path certificate,
            Path key,
            Path replicaCa,
            Duration getIdleCut) {
        String servers = upstreamPorts.stream()
                .map(upstream -> "        server 127.0.0.1:" + upstream + " max_fails=0;")
                .collect(Collectors.joining("\n"));
        String proxy =
                """
                        proxy_pass https://ambassadors;
                        proxy_http_version 1.1;
                        proxy_set_header Host $http_host;
                        proxy_set_header Connection "";
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_ssl_verify on;
                        proxy_ssl_trusted_certificate %s;
                        proxy_ssl_name localhost;
                        proxy_buffering off;
                        proxy_request_buffering off;
                        proxy_next_upstream off;
                """
                        .formatted(replicaCa);
        return """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 512; }
                http {
                    log_format routed '$request_method $upstream_addr $status "$http_mcp_session_id" "$http_last_event_id"';
                    access_log %1$s/access.log routed;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream ambassadors {
                %2$s
                    }
                    server {
                        listen 127.0.0.1:%3$d ssl;
                        ssl_certificate %4$s;
                        ssl_certificate_key %5$s;
                        location / {
                            # Event streams go where an idle one is cut short.
                            if ($request_method = GET) {
                                rewrite ^ /__streams$uri last;
                            }
                %6$s
                            proxy_read_timeout 1h;
                        }
                        location /__streams/ {
                            internal;
                            rewrite ^/__streams(.*)$ $1 break;
                %6$s
                            proxy_read_timeout %7$ds;
                        }
                    }
                }
                """
                .formatted(dir, servers, port, certificate, key, proxy, getIdleCut.toSeconds());
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited while starting:\n" + errorLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                // Not listening yet.
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("nginx did not listen within " + START_LIMIT + ":\n" + errorLog());
    }

    private static Path binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "nginx"));
        return Stream.concat(BINARIES.stream(), onPath)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "nginx is not installed: install Debian's nginx-light (apt-get install nginx-light)"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
