package dev.mcp.ambassador.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** {@code --server URL}, shared by every command that talks to a server. */
public final class ServerOption {

    public static final String DEFAULT_SERVER = "https://localhost:8443";

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The ambassador's base URL. Default: $AMBASSADOR_SERVER, else the server of "
                    + "`ambassador login`, else " + DEFAULT_SERVER + ".")
    String server;

    /** The server to use: the option, the environment, the stored login, then the default. */
    public URI resolve(ConfigDirectory config) {
        String chosen = server;
        if (chosen == null || chosen.isBlank()) {
            chosen = System.getenv("AMBASSADOR_SERVER");
        }
        if (chosen == null || chosen.isBlank()) {
            chosen = CliConfig.read(config).map(CliConfig::server).orElse(DEFAULT_SERVER);
        }
        return parse(chosen);
    }

    public static URI parse(String url) {
        try {
            URI uri = new URI(url.strip());
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new CliException(
                        ExitCodes.USAGE, "--server must be an https:// URL with a host name (got " + url + ")");
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new CliException(ExitCodes.USAGE, "--server is not a URL: " + url);
        }
    }
}
