package dev.mcp.ambassador.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail's settings ({@code ambassador.audit.*}, or {@code AMBASSADOR_AUDIT_*}); each is
 * documented in {@code docs/configuration.md}.
 *
 * @param retention rows older than this are deleted (the chain stays verifiable); null keeps all
 * @param queueCapacity rows waiting for the writer at most; past that, requests are refused
 * @param batchSize rows written in one transaction at most
 * @param writeTimeout how long a request waits for its row to commit before it is refused
 * @param maxArgumentBytes arguments larger than this (after redaction) are kept as size and hash
 */
@ConfigurationProperties("ambassador.audit")
public record AuditProperties(
        Duration retention,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("500") int batchSize,
        @DefaultValue("5s") Duration writeTimeout,
        @DefaultValue("4096") int maxArgumentBytes) {}
