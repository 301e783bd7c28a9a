package dev.keyward.db;

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
 * processes may run it at once. Audit events are kept (they are the record).
 */
public final class Janitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);
    static final long DAY = 86_400_000L;

    private final Jdbi jdbi;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "janitor");
        t.setDaemon(true);
        return t;
    });

    public Janitor(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
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
            deleted.put("otp_codes", h.createUpdate("DELETE FROM otp_codes WHERE expires_at < :t")
                    .bind("t", now - DAY).execute());
            // A limits row goes only once neither its cooldown, hourly cap nor failure window can matter.
            deleted.put("otp_limits", h.createUpdate("""
                            DELETE FROM otp_limits WHERE last_sent_at < :t AND hour_start < :t AND last_failure_at < :t""")
                    .bind("t", now - 2 * DAY).execute());
            deleted.put("outbox", h.createUpdate("DELETE FROM outbox WHERE status <> 'pending' AND created_at < :t")
                    .bind("t", now - 7 * DAY).execute());
            deleted.put("ip_limits", h.createUpdate("DELETE FROM ip_limits WHERE window_start < :t")
                    .bind("t", now - 3_600_000L).execute());
            deleted.put("session_tokens", h.createUpdate("DELETE FROM session_tokens WHERE expires_at < :t")
                    .bind("t", now - DAY).execute());
        });
        return deleted;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
