package dev.mcp.ambassador.bench.echo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A tiny, fast MCP server with one tool, {@code echo}: over stdio (one JSON-RPC message per line)
 * or as a Streamable HTTP server on a loopback port. It is the downstream that makes whatever sits
 * in front of it the bottleneck.
 *
 * <p>{@code echo stdio} or {@code echo http [port]}; in HTTP mode the first line on standard
 * output is {@code listening on <port>}.
 */
public final class EchoServer {

    private EchoServer() {}

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "";
        switch (mode) {
            case "stdio" -> stdio();
            case "http" -> http(args.length > 1 ? Integer.parseInt(args[1]) : 0, System.out);
            default -> {
                System.err.println("usage: echo stdio | echo http [port]");
                System.exit(2);
            }
        }
    }

    /** Answers messages from standard input until it closes; one message per line each way. */
    static void stdio() throws IOException {
        EchoProtocol protocol = new EchoProtocol();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            String answer = protocol.answer(line).json();
            if (answer != null) {
                out.write(answer);
                out.write('\n');
                // Flush only when nothing else is waiting, so a burst goes out in one write.
                if (!in.ready()) {
                    out.flush();
                }
            }
        }
        out.flush();
    }

    /**
     * Serves {@code /mcp} on 127.0.0.1 and returns the server; each exchange runs on its own
     * virtual thread. Announces the bound port on {@code announce}.
     */
    public static HttpServer http(int port, PrintStream announce) throws IOException {
        EchoProtocol protocol = new EchoProtocol();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                handle(protocol, exchange);
            }
        });
        server.start();
        announce.println("listening on " + server.getAddress().getPort());
        announce.flush();
        return server;
    }

    private static void handle(EchoProtocol protocol, HttpExchange exchange) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "POST" -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                EchoProtocol.Answer answer = protocol.answer(body);
                if (answer.json() == null) {
                    exchange.sendResponseHeaders(202, -1);
                    return;
                }
                if (answer.initialize()) {
                    exchange.getResponseHeaders()
                            .set("Mcp-Session-Id", UUID.randomUUID().toString());
                }
                byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            case "DELETE" -> exchange.sendResponseHeaders(200, -1);
            default -> {
                // No server-initiated stream: the spec lets a server answer GET with 405.
                exchange.getResponseHeaders().set("Allow", "POST, DELETE");
                exchange.sendResponseHeaders(405, -1);
            }
        }
    }
}
