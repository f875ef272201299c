package dev.mcp.ambassador.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code config} in the CLI's directory: the server {@code ambassador login} signed in to and the
 * admin API key it stored. It holds a secret, so it is written 0600 and refused when group or
 * others may read it.
 */
public record CliConfig(String server, String apiKey) {

    public static final String FILE_NAME = "config";

    /** The stored configuration, or empty when there is none. */
    public static Optional<CliConfig> read(ConfigDirectory directory) {
        var file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(ConfigDirectory.readSecretFile(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String apiKey = properties.getProperty("api_key");
        Secrets.register(apiKey);
        return Optional.of(new CliConfig(properties.getProperty("server"), apiKey));
    }

    public void write(ConfigDirectory directory) {
        Properties properties = new Properties();
        properties.setProperty("server", server);
        properties.setProperty("api_key", apiKey);
        StringWriter content = new StringWriter();
        try {
            properties.store(content, "written by ambassador login; holds an admin API key: keep it 0600");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        directory.writePrivate(FILE_NAME, content.toString());
    }
}
