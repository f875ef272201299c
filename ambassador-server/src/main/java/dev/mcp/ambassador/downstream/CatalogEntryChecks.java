package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.catalog.SandboxPolicy;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.web.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The checks a catalog entry passes before anything is stored, beyond each field's own: which
 * fields its transport takes, the operator's allow-list of commands and loader variables, the
 * remote URL and headers, the call-timeout cap and the credential schema. Each
 * refusal is a 400 naming the field.
 */
@Component
class CatalogEntryChecks {

    private final RemoteServerFields remote;
    private final ChildCommandPolicy commands;
    private final Duration maxCallTimeout;

    CatalogEntryChecks(DownstreamAddressGuard guard, ChildLauncher launcher, AmbassadorProperties properties) {
        this.remote = new RemoteServerFields(guard);
        this.commands = launcher.policy();
        this.maxCallTimeout = properties.mcp().maxCallTimeout();
    }

    void requireCreatable(ServerBodies.CreateServer body) {
        if ("http".equals(body.transport())) {
            requireStdioFieldsAbsent(body.command(), body.env(), body.sandbox());
            remote.requireUrl(body.url());
            remote.requireHeaders(body.headers());
        } else {
            requireRunnable(body.command(), body.env());
            requireHttpFieldsAbsent(body.url(), body.headers());
        }
        requireCallTimeoutWithinCap(body.callTimeoutSeconds());
        CredentialSpecs.require(
                body.credentials(), body.transport(), Objects.requireNonNullElse(body.isolation(), "shared"), remote);
    }

    void requirePatchable(CatalogServer current, ServerBodies.PatchServer body) {
        if ("http".equals(current.transport())) {
            requireStdioFieldsAbsent(body.command(), body.env(), body.sandbox());
            if (body.url() != null) {
                remote.requireUrl(body.url());
            }
            remote.requireHeaders(body.headers());
        } else {
            requireRunnable(
                    body.command() == null ? current.command() : body.command(),
                    body.env() == null ? current.env() : body.env());
            requireHttpFieldsAbsent(body.url(), body.headers());
        }
        requireCallTimeoutWithinCap(body.callTimeoutSeconds());
        CredentialSpecs.require(
                body.credentials() == null ? current.credentials() : body.credentials(),
                current.transport(),
                Objects.requireNonNullElse(body.isolation(), current.isolation()),
                remote);
    }

    private static void requireStdioFieldsAbsent(List<String> command, Map<String, String> env, SandboxPolicy sandbox) {
        if (command != null) {
            throw Problems.invalidField("command", "applies to stdio servers only");
        }
        if (env != null) {
            throw Problems.invalidField("env", "applies to stdio servers only");
        }
        if (sandbox != null) {
            throw Problems.invalidField("sandbox", "applies to stdio servers only");
        }
    }

    /** The operator's allow-list and the loader variables, checked before anything is stored. */
    private void requireRunnable(List<String> command, Map<String, String> env) {
        commands.refuseCommand(command).ifPresent(reason -> {
            throw Problems.invalidField("command", reason);
        });
        commands.refuseEnvironment(env).ifPresent(reason -> {
            throw Problems.invalidField("env", reason);
        });
    }

    private static void requireHttpFieldsAbsent(String url, Map<String, String> headers) {
        if (url != null) {
            throw Problems.invalidField("url", "applies to http servers only");
        }
        if (headers != null) {
            throw Problems.invalidField("headers", "applies to http servers only");
        }
    }

    private void requireCallTimeoutWithinCap(Integer seconds) {
        if (seconds != null && seconds > maxCallTimeout.toSeconds()) {
            throw Problems.invalidField(
                    "call_timeout_seconds",
                    "must be at most " + maxCallTimeout.toSeconds() + " (ambassador.mcp.max-call-timeout)");
        }
    }
}
