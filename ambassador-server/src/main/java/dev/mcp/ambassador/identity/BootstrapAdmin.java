package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.redaction.Redactor;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Creates the first administrator when there is none. Without a configured password a strong one
 * is generated and written once to standard output, outside the logs, for the operator to copy.
 * When several servers start together on a fresh database, one of them creates it.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final AmbassadorProperties properties;
    private final UserRepository users;
    private final IdentityService identity;
    private final FirstRunPassword firstRun;
    private final Redactor redactor;

    BootstrapAdmin(
            AmbassadorProperties properties,
            UserRepository users,
            IdentityService identity,
            FirstRunPassword firstRun,
            Redactor redactor) {
        this.redactor = redactor;
        this.properties = properties;
        this.users = users;
        this.identity = identity;
        this.firstRun = firstRun;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.anyWithRole(Role.ADMIN)) {
            return;
        }
        String username = properties.bootstrapAdmin().username();
        String configured = properties.bootstrapAdmin().password();
        boolean generated = configured == null || configured.isEmpty();
        String password = generated ? generatePassword() : configured;
        String problem = generated ? null : identity.configuredPasswordProblem(password.toCharArray(), username);
        if (problem != null) {
            throw new IllegalStateException("AMBASSADOR_BOOTSTRAP_ADMIN_PASSWORD " + problem);
        }
        User admin;
        try {
            admin = identity.createUser(
                    username, "Administrator", password.toCharArray(), EnumSet.of(Role.ADMIN, Role.USER));
        } catch (ErrorResponseException e) {
            // Replicas started together on a fresh database: another one created the administrator first.
            if (e.getStatusCode().value() == 409 && users.anyWithRole(Role.ADMIN)) {
                log.info("The first administrator was created by another server on the same database");
                return;
            }
            throw e;
        }
        if (generated) {
            firstRun.markGenerated(admin.id());
        }
        log.info("Created the first administrator '{}'", redactor.forLog(username));
        if (generated) {
            System.out.println();
            System.out.println("  First administrator: " + Redactor.escape(username));
            System.out.println("  Generated password:  " + password);
            System.out.println(
                    "  It is shown only this once. Sign in and replace it: until then it can do nothing else.");
            System.out.println();
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
