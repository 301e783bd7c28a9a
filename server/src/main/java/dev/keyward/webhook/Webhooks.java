package dev.keyward.webhook;

import dev.keyward.admin.AdminAuth;
import dev.keyward.audit.AuditLog;
import dev.keyward.config.Keys;
import dev.keyward.mail.SecretBox;
import dev.keyward.project.ProjectService;
import io.javalin.config.JavalinConfig;
import org.jdbi.v3.core.Jdbi;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * The webhook feature as App wires it: the event queue the services write to, the admin API,
 * and the relay with its own sender threads.
 */
public final class Webhooks implements AutoCloseable {
    private final WebhookEvents events;
    private final WebhookService service;
    private final WebhookRelay relay;
    private final Clock clock;

    public Webhooks(Jdbi jdbi, Keys keys, AuditLog audit, boolean allowPrivate, Clock clock, SecureRandom random) {
        this.clock = clock;
        WebhookSecrets secrets = new WebhookSecrets(new SecretBox(keys.webhookSecretEncryptionKey(), random));
        EgressGuard guard = EgressGuard.system(allowPrivate);
        this.events = new WebhookEvents(clock, random);
        this.service = new WebhookService(jdbi, secrets, events, guard, audit, clock, random);
        this.relay = new WebhookRelay(jdbi, secrets, new WebhookSender(guard), events, audit, clock, random);
    }

    /** Where services queue events, inside their own transactions. */
    public WebhookEvents events() {
        return events;
    }

    public WebhookService service() {
        return service;
    }

    public void routes(JavalinConfig config, ProjectService projects, AdminAuth auth) {
        new WebhookController(service, projects, auth, clock).routes(config);
    }

    public void start() {
        relay.start();
    }

    @Override
    public void close() {
        relay.close();
    }
}
