package dev.mcp.ambassador;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the MCP Ambassador server: one HTTPS port, PostgreSQL storage, the MCP endpoint. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AmbassadorApplication {

    /** The JDK HTTP client reads which restricted headers it may send once, at its first use. */
    static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    public static void main(String[] args) {
        allowHostHeader();
        SpringApplication.run(AmbassadorApplication.class, args);
    }

    /**
     * Lets the JDK HTTP client send {@code Host}, which connections pinned to a checked address
     * need (see the downstream package), keeping whatever else the property allowed.
     */
    static void allowHostHeader() {
        String allowed = System.getProperty(RESTRICTED_HEADERS, "").trim();
        boolean listed =
                Arrays.stream(allowed.split(",")).anyMatch(name -> name.trim().equalsIgnoreCase("host"));
        if (!listed) {
            System.setProperty(RESTRICTED_HEADERS, allowed.isEmpty() ? "host" : allowed + ",host");
        }
    }
}
