package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.support.TestProperties;
import java.nio.file.Path;

/** Password hashers for unit tests, configured as the server is by default. */
final class TestPasswordHashers {

    private TestPasswordHashers() {}

    static PasswordHasher create() {
        return new PasswordHasher(TestProperties.defaults(Path.of("unused")));
    }
}
