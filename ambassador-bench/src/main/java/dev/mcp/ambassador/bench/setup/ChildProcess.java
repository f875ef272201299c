package dev.mcp.ambassador.bench.setup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A downstream server the harness runs itself, listening on a loopback port, stopped on close. */
public final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ChildProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The echo server in HTTP mode; it announces its port on its first line of output. */
    public static ChildProcess echoHttp(List<String> javaCommand) {
        List<String> command = new java.util.ArrayList<>(javaCommand);
        command.addAll(List.of("echo", "http", "0"));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening on ")) {
                process.destroyForcibly();
                throw new IllegalStateException("The echo server did not start: " + line);
            }
            return new ChildProcess(process, Integer.parseInt(line.substring("listening on ".length())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** server-everything as a Streamable HTTP server; waits until its port accepts connections. */
    public static ChildProcess everythingHttp(Path node, Path serverEverything) {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(node.toString(), serverEverything.toString(), "streamableHttp")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        try {
            ChildProcess child = new ChildProcess(builder.start(), port);
            child.awaitPort(Duration.ofSeconds(30));
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Its MCP endpoint. */
    public String mcpUrl() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    private void awaitPort(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The downstream exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Waits.pause(Duration.ofMillis(50));
            }
        }
        close();
        throw new IllegalStateException("The downstream did not listen on port " + port + " within " + within);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
