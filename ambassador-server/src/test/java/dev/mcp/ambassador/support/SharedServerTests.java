package dev.mcp.ambassador.support;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the test classes that can share one real server (on a random port, with its own data
 * directory and PostgreSQL): Spring caches the context, so the server starts once for all of
 * them. Tests that need a differently configured server declare their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SharedServerTests {

    protected static final Path DATA_DIR = TestServerSettings.newDataDirectory();

    @DynamicPropertySource
    static void sharedServer(DynamicPropertyRegistry registry) {
        TestServerSettings.register(registry, DATA_DIR);
    }

    @LocalServerPort
    protected int port;
}
