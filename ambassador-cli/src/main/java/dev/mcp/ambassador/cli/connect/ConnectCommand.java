package dev.mcp.ambassador.cli.connect;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ConfigDirectory;
import dev.mcp.ambassador.cli.Diagnostics;
import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.ServerOption;
import dev.mcp.ambassador.cli.tls.KnownServers;
import dev.mcp.ambassador.cli.tls.ServerTrust;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code ambassador connect}: a stdio MCP server that relays everything to the ambassador's {@code /mcp}. */
@Command(
        name = "connect",
        mixinStandardHelpOptions = true,
        description = {
            "Serve MCP over stdio for a host application (Claude Desktop, an IDE, ...) and relay every message "
                    + "to the ambassador's /mcp endpoint.",
            "",
            "Registers with the preshared key, sends heartbeats, and registers or initializes again when the "
                    + "server revokes the session or restarts, without the host noticing. stdout carries only "
                    + "JSON-RPC; diagnostics go to stderr. EOF on stdin or SIGTERM ends the session.",
            "",
            "On first contact the server's CA is pinned in known_servers once registration confirms its "
                    + "fingerprint; a different CA later is refused (re-pin with: ambassador trust --reset URL)."
        })
public final class ConnectCommand implements Callable<Integer> {

    @Mixin
    ServerOption server;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            description = "File holding the preshared key (mode 0600). Default: $AMBASSADOR_PRESHARED_KEY.")
    Path keyFile;

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description = "Trust exactly the CA certificate(s) in this PEM file instead of the pinned CA.")
    Path caFile;

    @Option(
            names = "--ca-fingerprint",
            paramLabel = "SHA256",
            description = "On first contact, pin the server's CA only if it has this fingerprint (the one the server "
                    + "logs at start), checked before the key is sent. Without it, the CA is pinned when "
                    + "registration confirms it.")
    String caFingerprint;

    @Option(
            names = "--client-name",
            paramLabel = "NAME",
            defaultValue = "ambassador connect",
            description = "How this client is listed among the sessions (default: ${DEFAULT-VALUE}).")
    String clientName;

    @Option(
            names = "--reconnect-timeout",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "How long to keep trying while the server is unreachable (default: ${DEFAULT-VALUE}).")
    long reconnectSeconds;

    @Option(names = "--verbose", description = "More diagnostics on stderr (never message contents or secrets).")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        Diagnostics.verbose(verbose);
        // stdout belongs to JSON-RPC alone: anything else that prints goes to stderr.
        PrintStream jsonRpcOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));

        ConfigDirectory config = ConfigDirectory.fromEnvironment(System.getenv());
        URI base = server.resolve(config);
        String key = presharedKey();
        ServerTrust trust = ServerTrust.forServer(base, new KnownServers(config), caFile, Clock.systemUTC());
        HttpClient http = trust.clientBuilder().build();
        if (caFingerprint != null) {
            // Checked with a request that carries nothing secret: a wrong CA never sees the key.
            trust.requireTrusted(http, caFingerprint);
        }
        JsonMapper json = JsonMapper.builder().build();
        ClientSession session = new ClientSession(base, http, trust, key, clientName, json);
        SessionEnding ending = new SessionEnding(session);
        // In place before the session exists, so a SIGTERM right after registration still ends it.
        // EOF on stdin, SIGTERM and a fatal refusal all end the sessions through the same
        // SessionEnding, and each waits until the sessions are ended: a host that closes stdin and
        // sends SIGTERM together cannot make the JVM halt under the other path's DELETE.
        Runtime.getRuntime().addShutdownHook(new Thread(ending::end, "end-session"));
        try {
            session.register();
        } catch (IOException e) {
            throw trust.explain(e);
        }
        McpConnection connection = new McpConnection(
                base.resolve("/mcp"), http, session, trust, json, Duration.ofSeconds(reconnectSeconds));
        ending.attach(connection);
        AtomicReference<Bridge> holder = new AtomicReference<>();
        Bridge bridge = new Bridge(connection, session, ending, new HostOutput(jsonRpcOut, json), json, refusal -> {
            holder.get().close();
            System.exit(refusal.exitCode());
        });
        holder.set(bridge);
        CliException refusal = bridge.run(new FileInputStream(FileDescriptor.in));
        bridge.close();
        return refusal == null ? ExitCodes.OK : refusal.exitCode();
    }

    private String presharedKey() {
        if (keyFile != null) {
            String key = ConfigDirectory.readSecretFile(keyFile).strip();
            if (key.isEmpty()) {
                throw new CliException(ExitCodes.NOT_AUTHENTICATED, keyFile + " is empty");
            }
            return key;
        }
        String key = System.getenv("AMBASSADOR_PRESHARED_KEY");
        if (key == null || key.isBlank()) {
            throw new CliException(
                    ExitCodes.NOT_AUTHENTICATED,
                    "no preshared key: pass --key-file FILE or set AMBASSADOR_PRESHARED_KEY");
        }
        return key.strip();
    }
}
