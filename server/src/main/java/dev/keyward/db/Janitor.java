package dev.keyward.db;

import dev.keyward.mail.Outbox;
import dev.keyward.otp.OtpCodes;
import dev.keyward.ratelimit.IpLimiter;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.session.SessionService;
import dev.keyward.webhook.WebhookService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes rows that can no longer matter, so that a stream of requests for made-up addresses
 * does not grow the database without bound. Every statement is idempotent: several server
 * processes may run it at once. Audit events are kept (they are the record). Each table's rows
 * are deleted by the service that owns it; this class only decides when.
 */
public final class Janitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);
    static final long DAY = 86_400_000L;

    private final Jdbi jdbi;
    private final Clock clock;
    private final OtpCodes codes;
    private final AddressLimits limits;
    private final Outbox outbox;
    private final IpLimiter ipLimiter;
    private final SessionService sessions;
    private final WebhookService webhooks;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "janitor");
        t.setDaemon(true);
        return t;
    });

    public Janitor(Jdbi jdbi, Clock clock, OtpCodes codes, AddressLimits limits, Outbox outbox, IpLimiter ipLimiter,
                   SessionService sessions, WebhookService webhooks) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.codes = codes;
        this.limits = limits;
        this.outbox = outbox;
        this.ipLimiter = ipLimiter;
        this.sessions = sessions;
        this.webhooks = webhooks;
    }

    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                purgeOnce();
            } catch (RuntimeException e) {
                LOG.warn("purge failed: {}", e.toString());
            }
        }, 1, 10, TimeUnit.MINUTES);
    }

    /** Deletes what expired long enough ago; returns the rows deleted per table. */
    public Map<String, Integer> purgeOnce() {
        long now = clock.millis();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        jdbi.useHandle(h -> {
            deleted.put("otp_codes", codes.purgeExpiredBefore(h, now - DAY));
            // A limits row goes only once neither its cooldown, hourly cap nor failure window can matter.
            deleted.put("otp_limits", limits.purgeIdleSince(h, now - 2 * DAY));
            deleted.put("outbox", outbox.purgeDoneBefore(h, now - 7 * DAY));
            deleted.put("dead_letter_payloads", outbox.wipeExpiredDeadLetters(h, now));
            deleted.put("ip_limits", ipLimiter.purgeWindowsBefore(h, now - 3_600_000L));
            deleted.put("session_tokens", sessions.purgeTokensExpiredBefore(h, now - DAY));
            deleted.put("webhook_deliveries", webhooks.purgeDoneBefore(h, now - 7 * DAY));
        });
        return deleted;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
