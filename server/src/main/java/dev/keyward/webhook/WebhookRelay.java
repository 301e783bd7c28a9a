package dev.keyward.webhook;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.db.Daos;
import dev.keyward.db.RelayLoop;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Delivers the webhook outbox. Like the mail relay, rows are claimed with FOR UPDATE SKIP LOCKED
 * and leased, so any number of server processes share the work and each attempt is made once;
 * unlike it, sending runs on its own small pool, apart from mail: a receiver that hangs for its
 * full 10 s holds one sender thread, never the mail relay, a request thread or another endpoint.
 * A process sends to one endpoint at a time (its next row waits for the current attempt), so a
 * slow endpoint's backlog cannot fill the pool.
 *
 * <p>2xx is delivered; anything else (another status, a timeout, a reset, a refusal by the SSRF
 * guard) is a failed attempt, retried per {@link DeliverySchedule} for 24 h. After 100 failed
 * attempts in a row, or a 410 Gone, the endpoint is disabled and the project's audit log says so.
 */
public final class WebhookRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRelay.class);
    static final int SENDERS = 8;
    static final int FAILURES_BEFORE_DISABLE = 100;
    static final long LEASE_MILLIS = 60_000;

    private final Jdbi jdbi;
    private final WebhookSecrets secrets;
    private final WebhookSender sender;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final RelayLoop loop = new RelayLoop("webhook-relay", () -> {
        dispatchOnce();
        return false;
    });
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, r -> {
        Thread t = new Thread(r, "webhook-sender");
        t.setDaemon(true);
        return t;
    });

    WebhookRelay(Jdbi jdbi, WebhookSecrets secrets, WebhookSender sender, WebhookEvents events, AuditLog audit,
                 Clock clock, SecureRandom random) {
        this.jdbi = jdbi;
        this.secrets = secrets;
        this.sender = sender;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        events.onQueued(loop::wake);
    }

    public void start() {
        loop.start();
    }

    /** Claims the oldest due row of each endpoint with nothing in flight here, as far as sender threads are free. */
    void dispatchOnce() {
        int free = SENDERS - busy.size();
        if (free <= 0) {
            return;
        }
        long now = clock.millis();
        List<String> exclude = new ArrayList<>(busy);
        exclude.add("");
        List<String> due = jdbi.withHandle(h -> Daos.of(h, DeliveryDao.class).dueWebhooks(now, exclude, free));
        for (String webhookId : due) {
            Optional<DeliveryDao.Claimed> claimed = jdbi.inTransaction(h -> {
                DeliveryDao dao = Daos.of(h, DeliveryDao.class);
                Optional<DeliveryDao.Claimed> row = dao.lockNextDue(webhookId, now);
                row.ifPresent(c -> dao.claim(c.id(), c.projectId(), c.attempts(), now + LEASE_MILLIS));
                return row;
            });
            if (claimed.isPresent() && busy.add(webhookId)) {
                senders.execute(() -> {
                    try {
                        deliver(claimed.get());
                    } catch (RuntimeException e) {
                        LOG.warn("webhook delivery {} failed: {}", claimed.get().id(), e.toString());
                    } finally {
                        busy.remove(webhookId);
                        loop.wake();
                    }
                });
            }
        }
    }

    private void deliver(DeliveryDao.Claimed row) {
        Optional<WebhookDao.Row> found = jdbi.withHandle(h -> Daos.of(h, WebhookDao.class).find(row.projectId(), row.webhookId()));
        if (found.isEmpty()) {
            return; // deleted: its deliveries went with it
        }
        WebhookDao.Row w = found.get();
        long now = clock.millis();
        if (!w.enabled() && !row.eventType().equals(WebhookEventType.WEBHOOK_TEST.wire())) {
            jdbi.useHandle(h -> Daos.of(h, DeliveryDao.class).finish(row.id(), row.projectId(), row.attempts(), "failed",
                    null, null, "not sent: the webhook is disabled", now));
            return;
        }
        WebhookSender.Attempt attempt = sender.send(w.url(), row.messageId(), now / 1000, row.payload(),
                secrets.signingSecrets(w, now));
        record(row, w, attempt);
    }

    private void record(DeliveryDao.Claimed row, WebhookDao.Row w, WebhookSender.Attempt a) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            DeliveryDao deliveries = Daos.of(h, DeliveryDao.class);
            WebhookDao webhooks = Daos.of(h, WebhookDao.class);
            if (a.delivered()) {
                deliveries.finish(row.id(), row.projectId(), row.attempts(), "delivered", a.status(), a.durationMillis(), null,
                        now);
                webhooks.clearFailures(w.projectId(), w.id());
                return;
            }
            OptionalLong next = DeliverySchedule.nextAttemptAt(row.attempts(), row.createdAt(), now, random);
            if (next.isPresent()) {
                deliveries.retryLater(row.id(), row.projectId(), row.attempts(), next.getAsLong(), a.status(),
                        a.durationMillis(), a.error());
            } else {
                deliveries.finish(row.id(), row.projectId(), row.attempts(), "failed", a.status(), a.durationMillis(),
                        a.error(), now);
            }
            webhooks.countFailure(w.projectId(), w.id());
            int inARow = webhooks.failures(w.projectId(), w.id()).orElse(0);
            String reason = a.gone() ? "the receiver answered 410 Gone"
                    : inARow >= FAILURES_BEFORE_DISABLE ? inARow + " failed attempts in a row" : null;
            if (reason != null && webhooks.disable(w.projectId(), w.id(), now) == 1) {
                LOG.info("webhook {} of project {} disabled: {}", w.id(), w.projectId(), reason);
                audit.record(h, new ProjectId(w.projectId()), "webhook.disabled", null, w.id(), RequestMeta.internal(),
                        reason);
            }
        });
    }

    @Override
    public void close() {
        loop.close();
        senders.shutdownNow();
        sender.close();
    }
}
