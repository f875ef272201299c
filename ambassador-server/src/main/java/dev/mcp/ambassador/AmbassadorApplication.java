package dev.mcp.ambassador;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the MCP Ambassador server: one HTTPS port, PostgreSQL storage, the MCP endpoint. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AmbassadorApplication {

    public static void main(String[] args) {
        SpringApplication.run(AmbassadorApplication.class, args);
    }
}
