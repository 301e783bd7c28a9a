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
 *
 * <p>Codes and outbox rows, the two tables a stream of requests grows fastest, go in batches of
 * {@link #BATCH} rows, each its own short transaction found by an index on its time column (V8),
 * with a pause as long as the batch took before the next one: a backlog of millions of rows (a
 * server that was down, or a first run on an old database) is worked off without one long
 * transaction holding locks and without taking more than about half of one database core from
 * the requests. The first run is a minute after start (or one interval, if that is shorter), then
 * one every {@code KEYWARD_JANITOR_INTERVAL_SECONDS} (ten minutes) after the last run ended
 * (bench/run --scale runs it every 30 s).
 */
public final class Janitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);
    static final long DAY = 86_400_000L;
    /** Rows per purge statement of otp_codes and outbox. */
    static final int BATCH = 10_000;

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

    public void start(int intervalSeconds) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                purgeOnce();
            } catch (RuntimeException e) {
                LOG.warn("purge failed: {}", e.toString());
            }
        }, Math.min(60, intervalSeconds), intervalSeconds, TimeUnit.SECONDS);
    }

    /** A batched purge: one statement at a time until one deletes less than a batch; returns the total. */
    interface Batch {
        int delete(int batch);
    }

    static int inBatches(Batch step) {
        int total = 0;
        while (true) {
            long t = System.nanoTime();
            int n = step.delete(BATCH);
            total += n;
            if (n < BATCH) {
                return total;
            }
            // As long as the batch took: the janitor never holds the database for long.
            long took = System.nanoTime() - t;
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(took, TimeUnit.SECONDS.toNanos(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            }
        }
    }

    /** Deletes what expired long enough ago; returns the rows deleted per table. */
    public Map<String, Integer> purgeOnce() {
        long now = clock.millis();
        long started = System.nanoTime();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        jdbi.useHandle(h -> {
            deleted.put("otp_codes", inBatches(batch -> codes.purgeExpiredBefore(h, now - DAY, batch)));
            // A limits row goes only once neither its cooldown, hourly cap nor failure window can matter.
            deleted.put("otp_limits", limits.purgeIdleSince(h, now - 2 * DAY));
            deleted.put("outbox", inBatches(batch -> outbox.purgeDoneBefore(h, now - 7 * DAY, batch)));
            deleted.put("dead_letter_payloads", outbox.wipeExpiredDeadLetters(h, now));
            deleted.put("ip_limits", ipLimiter.purgeWindowsBefore(h, now - 3_600_000L));
            deleted.put("session_tokens", sessions.purgeTokensExpiredBefore(h, now - DAY));
            deleted.put("webhook_deliveries", webhooks.purgeDoneBefore(h, now - 7 * DAY));
        });
        if (deleted.values().stream().anyMatch(n -> n > 0)) {
            LOG.info("purged {} in {} ms", deleted, (System.nanoTime() - started) / 1_000_000);
        }
        return deleted;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
