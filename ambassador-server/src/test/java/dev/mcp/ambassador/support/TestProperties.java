package dev.mcp.ambassador.support;

import dev.mcp.ambassador.config.AmbassadorProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Server settings as their defaults have them, for unit tests that build components by hand. */
public final class TestProperties {

    private TestProperties() {}

    public static AmbassadorProperties defaults(Path dataDir) {
        return new AmbassadorProperties(
                dataDir,
                List.of("localhost"),
                new AmbassadorProperties.Tls(null, null),
                new AmbassadorProperties.Database(null, null, null),
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                new AmbassadorProperties.BootstrapAdmin("admin", null),
                new AmbassadorProperties.Sessions(Duration.ofHours(8), Duration.ofDays(7), Duration.ofMinutes(5)),
                new AmbassadorProperties.Mcp("__", Duration.ofSeconds(60), Duration.ofSeconds(300), 200),
                new AmbassadorProperties.Downstream(List.of()),
                new AmbassadorProperties.Auth(
                        null,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofHours(12),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10)));
    }
}
