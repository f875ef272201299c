package dev.mcp.ambassador.support;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the test classes that need a server trusting the loopback address as a reverse proxy,
 * so each test can speak from an address of its own through {@code X-Forwarded-For} (throttling
 * tests). They share one such server; each must use addresses no other test uses. The server lets
 * only one Argon2id computation run at a time, so flooding tests can see the gate hold.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ProxiedServerTests {

    protected static final Path DATA_DIR = TestServerSettings.newDataDirectory();

    @DynamicPropertySource
    static void proxiedServer(DynamicPropertyRegistry registry) {
        TestServerSettings.register(registry, DATA_DIR);
        registry.add("ambassador.trusted-proxies", () -> "127.0.0.1/32");
        // One Argon2id computation at a time: fewer than the processors, so the gate is what bounds it.
        registry.add("ambassador.auth.argon2-concurrency", () -> "1");
    }

    @LocalServerPort
    protected int port;
}
