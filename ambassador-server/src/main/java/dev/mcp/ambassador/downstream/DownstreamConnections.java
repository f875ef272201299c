package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.downstream.LiveDownstreams.Key;
import dev.mcp.ambassador.pipeline.ClientChannel;
import dev.mcp.ambassador.redaction.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The downstream sessions, opened on first use and kept in {@link LiveDownstreams}. A {@code stdio}
 * server runs one process per server when its isolation is {@code shared}, one per (server, user)
 * when it is {@code per_user}, within {@link ProcessQuota}; a process that died is started again on
 * the next call, after a growing wait when it keeps dying, and an idle one is stopped ({@link
 * #reapIdle}). An {@code http} server always gets one MCP session per (server, user), whatever its
 * isolation, so the remote server can tell users apart; its URL is checked by {@link
 * DownstreamAddressGuard} each time a session is opened.
 */
@Component
public class DownstreamConnections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DownstreamConnections.class);

    private final JsonMapper json;
    private final Duration callTimeout;
    private final Duration maxCallTimeout;
    private final LiveDownstreams live;
    private final ObjectProvider<DownstreamListener> listeners;
    private final DownstreamAddressGuard guard;
    private final ChildLauncher launcher;
    private final ConnectionCredentials credentials;
    private final ProcessQuota quota;
    private final Redactor redactor;
    // The clients for every remote server: the JDK's default trust store, no redirects, no proxy,
    // each connection to the address the guard checked.
    private final PinnedHttpClients http = PinnedHttpClients.withDefaultTrust();

    DownstreamConnections(
            JsonMapper json,
            AmbassadorProperties properties,
            ObjectProvider<DownstreamListener> listeners,
            DownstreamAddressGuard guard,
            ChildLauncher launcher,
            ConnectionCredentials credentials,
            SandboxProperties sandbox,
            Redactor redactor,
            Clock clock) {
        this.redactor = redactor;
        this.live = new LiveDownstreams(clock);
        this.quota = new ProcessQuota(sandbox.maxProcesses(), sandbox.maxProcessesPerUser());
        this.json = json;
        this.launcher = launcher;
        this.credentials = credentials;
        this.listeners = listeners;
        this.guard = guard;
        this.callTimeout = properties.mcp().callTimeout();
        this.maxCallTimeout = properties.mcp().maxCallTimeout();
    }

    /** The tools {@code server} offers, all pages of them, as the downstream describes them. */
    public List<JsonNode> listTools(CatalogServer server, UUID userId) {
        return listAll(server, userId, "tools/list", "tools");
    }

    /**
     * Every item of a paginated list ({@code resources/list}, {@code prompts/list}, …), following
     * {@code nextCursor} to the end.
     */
    public List<JsonNode> listAll(CatalogServer server, UUID userId, String method, String field) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            ObjectNode params = json.createObjectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode response = connection(server, userId).request(method, params, callTimeout, null);
            if (response.has("error")) {
                throw new DownstreamException("Server '" + server.slug() + "' could not answer " + method + ".");
            }
            JsonNode result = response.path("result");
            result.path(field).forEach(items::add);
            cursor = result.path("nextCursor").isString()
                    ? result.path("nextCursor").asString()
                    : null;
        } while (cursor != null);
        return items;
    }

    /** What {@code server} announced at initialize; empty when it announced nothing. */
    public JsonNode capabilities(CatalogServer server, UUID userId) {
        JsonNode capabilities = connection(server, userId).capabilities();
        return capabilities == null ? json.createObjectNode() : capabilities;
    }

    /** True when {@code server} announced {@code capability} (e.g. "resources") at initialize. */
    public boolean supports(CatalogServer server, UUID userId, String capability) {
        JsonNode capabilities = connection(server, userId).capabilities();
        return capabilities != null && capabilities.has(capability);
    }

    /**
     * Sends one request and returns the whole JSON-RPC response, unchanged. What the server sends
     * about it meanwhile (progress, its own requests) goes to {@code caller}, if given.
     */
    public JsonNode request(CatalogServer server, UUID userId, String method, JsonNode params, ClientChannel caller) {
        // tasks/result waits for a tool call to finish, so the tool call's limit applies.
        Duration timeout = method.equals("tasks/result") ? callTimeoutOf(server) : callTimeout;
        return connection(server, userId).request(method, params, timeout, caller);
    }

    /**
     * Sends a request if the process or session that serves {@code userId} for {@code server} is
     * running, without starting one: for tidying up, where a stopped server has nothing to tidy.
     */
    public Optional<JsonNode> requestIfRunning(CatalogServer server, UUID userId, String method, JsonNode params) {
        return live.running(keyOf(server, userId)).map(current -> current.request(method, params, callTimeout, null));
    }

    /**
     * Sends {@code tools/call} and returns the whole JSON-RPC response. The server's own limit
     * applies if it has one, never more than the configured maximum; past it the call is cancelled
     * downstream and a {@link DownstreamException} says so.
     */
    public JsonNode callTool(CatalogServer server, UUID userId, JsonNode params, ClientChannel caller) {
        return connection(server, userId).request("tools/call", params, callTimeoutOf(server), caller);
    }

    Duration callTimeoutOf(CatalogServer server) {
        if (server.callTimeoutSeconds() == null) {
            return callTimeout;
        }
        Duration own = Duration.ofSeconds(server.callTimeoutSeconds());
        return own.compareTo(maxCallTimeout) > 0 ? maxCallTimeout : own;
    }

    /** Stops every process of {@code serverId}, so the next call starts from its current entry. */
    public void stop(UUID serverId) {
        live.stopWhere(key -> key.serverId().equals(serverId));
    }

    /**
     * One running stdio process of a server, as admins see it.
     *
     * @param userId the user it serves alone; null for a process all users share
     * @param pid its host process id
     * @param stderr its last stderr lines, with every value of its environment redacted
     */
    public record Instance(UUID userId, long pid, boolean alive, List<String> stderr) {}

    /** How many stdio processes run now, of every server. */
    public int runningProcesses() {
        return live.runningProcesses();
    }

    /** The stdio processes of {@code serverId} that are running now. */
    public List<Instance> instances(UUID serverId) {
        return live.instances(serverId);
    }

    /**
     * Ends the process or session that serves {@code userId} alone on {@code serverId}, so the next
     * call starts one with the user's current credentials. Shared processes stay.
     */
    public void stop(UUID serverId, UUID userId) {
        live.stop(new Key(serverId, userId));
    }

    /**
     * Ends the downstream processes and sessions that serve {@code userId} alone: the user's
     * last MCP session ended, and nothing of theirs should linger. Shared processes stay.
     */
    public void release(UUID userId) {
        live.stopWhere(key -> userId.equals(key.userId()));
    }

    /**
     * Names the live process or session that serves {@code userId} for {@code server}, or null
     * when none runs. A restarted process gets a new name, so what the old one handed out (task
     * ids) is not mistaken for the new one's.
     */
    public String connectionId(CatalogServer server, UUID userId) {
        return live.connectionId(keyOf(server, userId));
    }

    /**
     * The user a process or session serves alone, or null when {@code server} runs one process for
     * all its users.
     */
    public UUID ownerOf(CatalogServer server, UUID userId) {
        return keyOf(server, userId).userId();
    }

    /**
     * Ends the processes and sessions that serve one user alone on a server the user may no
     * longer use, so nothing more of it reaches them.
     */
    public void releaseWhereNot(BiPredicate<UUID, UUID> serverStillGrantedToUser) {
        live.stopWhere(key -> key.userId() != null && !serverStillGrantedToUser.test(key.serverId(), key.userId()));
    }

    private void announce(CatalogServer server, UUID userId, String method, JsonNode params) {
        String connectionId = connectionId(server, userId);
        listeners.forEach(listener -> {
            try {
                listener.onNotification(server, userId, connectionId, method, params);
            } catch (RuntimeException e) {
                // A listener's failure (a database hiccup) must not stop the reader of the server.
                log.warn(
                        "Could not pass on {} from '{}': {}",
                        method,
                        server.slug(),
                        e.getClass().getSimpleName());
            }
        });
    }

    /** Ends every process and session, for shutdown; a call after this starts new ones. */
    public void stopAll() {
        live.stopWhere(key -> true);
    }

    /**
     * Stops the stdio processes that have answered nothing and been asked nothing for {@code
     * idleTimeout}; the next call starts a fresh one. Returns how many were stopped.
     */
    int reapIdle(Duration idleTimeout) {
        return live.reapIdle(idleTimeout);
    }

    @Override
    public void destroy() {
        stopAll();
        http.close();
    }

    private Key keyOf(CatalogServer server, UUID userId) {
        boolean ownSession = "http".equals(server.transport()) || "per_user".equals(server.isolation());
        return new Key(server.id(), ownSession ? userId : null);
    }

    /** Starts a stdio process within the quota; its place is given back when the process exits. */
    private Downstream startProcess(
            CatalogServer server, UUID userId, Map<String, String> env, BiConsumer<String, JsonNode> unsolicited) {
        ProcessQuota.Slot slot = quota.acquire(userId, server.slug());
        try {
            Process process = launcher.start(server, userId, env);
            process.onExit().thenRun(slot::release);
            return StdioDownstream.start(server, process, json, callTimeout, unsolicited, redactor, env.values());
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    /**
     * The {@code Mcp-Param-*} headers {@code tool} of {@code server} declares, as its running
     * connection for the user last listed them; none when no connection runs (none is started).
     */
    public List<ParamHeaders.Declaration> paramHeaders(CatalogServer server, UUID userId, String tool) {
        return live.running(keyOf(server, userId))
                .map(downstream -> downstream.paramHeaders(tool))
                .orElse(List.of());
    }

    private Downstream connection(CatalogServer server, UUID userId) {
        if (!"stdio".equals(server.transport()) && !"http".equals(server.transport())) {
            throw new DownstreamException(
                    "Server '" + server.slug() + "' uses a transport this ambassador does not serve yet.");
        }
        Key key = keyOf(server, userId);
        Optional<Downstream> running = live.use(key);
        if (running.isPresent()) {
            return running.get();
        }
        synchronized (live.startLock(key)) {
            running = live.running(key);
            if (running.isPresent()) {
                return running.get();
            }
            live.prepareStart(key, server.slug());
            BiConsumer<String, JsonNode> unsolicited =
                    (method, params) -> announce(server, key.userId(), method, params);
            // The user's own credentials, opened only now and only for their own process or session.
            CatalogServer withCredentials = credentials.apply(server, key.userId());
            Downstream started;
            try {
                started = "http".equals(server.transport())
                        ? RemoteDownstreams.open(withCredentials, http, guard, json, callTimeout, unsolicited)
                        : startProcess(server, key.userId(), withCredentials.env(), unsolicited);
            } catch (DownstreamException e) {
                live.failed(key);
                throw e;
            }
            live.started(key, started);
            return started;
        }
    }
}
