package dev.mcp.ambassador.downstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.redaction.Redactor;
import dev.mcp.ambassador.support.DirectHttpServer;
import dev.mcp.ambassador.support.TestAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * server-everything from npm with a downstream session open to it, over each transport, recording
 * what the ambassador sends it: a {@code tee} in front of the child's stdin, a forwarding proxy in
 * front of the HTTP server.
 */
final class DownstreamPeers {

    private DownstreamPeers() {}

    /** A running server-everything and the session the ambassador opened with it. */
    interface Peer extends AutoCloseable {
        Downstream downstream();

        /** Every message the ambassador sent the server so far. */
        List<JsonNode> sent();

        /** Ends the server abruptly, as a crash would. */
        void kill();

        @Override
        void close();
    }

    /** The contract is the 2025-11-25 session's, so the entry names that era: no discovery first. */
    private static CatalogServer entry(String transport, String url) {
        return new CatalogServer(
                UUID.randomUUID(),
                "everything",
                "Everything",
                transport,
                List.of(),
                Map.of(),
                url,
                Map.of(),
                "per_user",
                "published",
                null,
                null,
                null,
                null,
                List.of(),
                CatalogServer.PROTOCOL_LEGACY,
                CatalogServer.MAP_ALWAYS);
    }

    /** server-everything as a child over stdio; a {@code tee} keeps what it is sent. */
    static final class Stdio implements Peer {
        private final Path record;
        private final JsonMapper json;
        private final Process process;
        private final StdioDownstream downstream;

        Stdio(Path record, JsonMapper json, Duration timeout) {
            this.record = record;
            this.json = json;
            try {
                process = new ProcessBuilder(
                                "sh",
                                "-c",
                                "tee -a \"$0\" | exec node \"$1\" stdio",
                                record.toString(),
                                TestAdmin.SERVER_EVERYTHING.toString())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            downstream = StdioDownstream.start(
                    entry("stdio", null), process, json, timeout, (m, p) -> {}, new Redactor(), List.of());
        }

        @Override
        public Downstream downstream() {
            return downstream;
        }

        @Override
        public List<JsonNode> sent() {
            try {
                // Only whole lines: tee may be in the middle of writing the last one.
                String text = Files.readString(record);
                return text.substring(0, text.lastIndexOf('\n') + 1)
                        .lines()
                        .filter(line -> !line.isBlank())
                        .map(json::readTree)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        @Override
        public void close() {
            downstream.close();
            kill();
        }
    }

    /** server-everything over Streamable HTTP, behind a proxy that keeps every POSTed message. */
    static final class Http implements Peer {
        private final DirectHttpServer server = DirectHttpServer.start();
        private final JsonMapper json;
        private final List<JsonNode> posted = new CopyOnWriteArrayList<>();
        private final HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final HttpServer proxy;
        private final PinnedHttpClients clients = PinnedHttpClients.withDefaultTrust();
        private final HttpDownstream downstream;

        Http(JsonMapper json, Duration timeout) {
            this.json = json;
            try {
                proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            proxy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            proxy.createContext("/mcp", this::forward);
            proxy.start();
            DownstreamAddressGuard guard =
                    new DownstreamAddressGuard(List.of("127.0.0.1/32"), InetAddress::getAllByName);
            String url = "http://127.0.0.1:" + proxy.getAddress().getPort() + "/mcp";
            downstream = HttpDownstream.start(entry("http", url), clients, guard, json, timeout, (m, p) -> {});
        }

        private void forward(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (body.length > 0) {
                    posted.add(json.readTree(body));
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()))
                        .method(
                                exchange.getRequestMethod(),
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
                for (String name :
                        List.of("Accept", "Content-Type", "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID")) {
                    String value = exchange.getRequestHeaders().getFirst(name);
                    if (value != null) {
                        request.header(name, value);
                    }
                }
                HttpResponse<InputStream> response =
                        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders()
                        .add("Content-Type", type));
                response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> exchange.getResponseHeaders()
                        .add("Mcp-Session-Id", id));
                try (InputStream in = response.body()) {
                    boolean empty = response.statusCode() == 202 || response.statusCode() == 204;
                    exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
                    if (!empty) {
                        OutputStream out = exchange.getResponseBody();
                        byte[] buffer = new byte[8192];
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Downstream downstream() {
            return downstream;
        }

        @Override
        public List<JsonNode> sent() {
            return List.copyOf(posted);
        }

        @Override
        public void kill() {
            server.close();
        }

        @Override
        public void close() {
            downstream.close();
            proxy.stop(0);
            server.close();
            clients.close();
            client.close();
        }
    }
}
