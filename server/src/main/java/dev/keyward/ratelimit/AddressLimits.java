package dev.keyward.ratelimit;

import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Per (project, key, purpose) send and failure counters: reset and verification sends and code
 * failures per address, the login throttle's failures per address ({@link LoginThrottle}) and the
 * guess budgets of address-less tokens ({@link TokenGuessBudget}). The row exists for any
 * address, registered or not, and is locked FOR UPDATE for the rest of the caller's
 * transaction: concurrent requests and guesses for one address are serialised by the database,
 * which is what makes the limits hold across threads and across server processes.
 */
public final class AddressLimits {
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;

    public record Row(String projectId, String emailKey, String purpose, long lastSentAt, long hourStart,
                      int sendsInHour, String failLog) { }

    private final boolean postgres;

    /** On PostgreSQL the row is created and locked in one statement. */
    public AddressLimits(boolean postgres) {
        this.postgres = postgres;
    }

    public Row lock(Handle h, ProjectId project, String emailKey, String purpose) {
        AddressLimitDao dao = Daos.of(h, AddressLimitDao.class);
        if (postgres) {
            return dao.upsertLocked(project.value(), emailKey, purpose);
        }
        dao.insertIfAbsent(project.value(), emailKey, purpose);
        return dao.lock(project.value(), emailKey, purpose).orElseThrow();
    }

    /** 429 inside the resend cooldown or over the hourly cap, for every address alike; Retry-After is the longer wait. */
    public void checkSend(Row row, OtpPolicy policy, long now) {
        long wait = Math.max(0, row.lastSentAt() + policy.resendCooldownSeconds() * 1000L - now);
        if (now - row.hourStart() < HOUR && row.sendsInHour() >= policy.maxSendsPerHour()) {
            wait = Math.max(wait, row.hourStart() + HOUR - now);
        }
        if (wait > 0) {
            throw ApiException.rateLimited(ceilSeconds(wait));
        }
    }

    /**
     * A fixed hourly window of {@code budget} events counted with {@link #recordSend}: milliseconds
     * until the window ends if the budget is spent, else 0.
     */
    public static long hourlyWait(Row row, int budget, long now) {
        boolean inWindow = now - row.hourStart() < HOUR;
        return inWindow && row.sendsInHour() >= budget ? row.hourStart() + HOUR - now : 0;
    }

    /** A send counted on a locked row: the values {@link #recordSend} writes back. */
    public record Send(String projectId, String emailKey, String purpose, long sentAt, long hourStart, int sendsInHour) { }

    /** The row's counters after one more send at {@code now} (a new hourly window once the old one is an hour old). */
    public static Send afterSend(Row row, long now) {
        boolean sameHour = now - row.hourStart() < HOUR;
        return new Send(row.projectId(), row.emailKey(), row.purpose(), now, sameHour ? row.hourStart() : now,
                sameHour ? row.sendsInHour() + 1 : 1);
    }

    public void recordSend(Handle h, Row row, long now) {
        recordSend(h, afterSend(row, now));
    }

    public void recordSend(Handle h, Send send) {
        Daos.of(h, AddressLimitDao.class).recordSend(send.projectId(), send.emailKey(), send.purpose(), send.sentAt(),
                send.hourStart(), send.sendsInHour());
    }

    /**
     * Takes one from a row's hourly budget without holding its lock beyond the one statement;
     * returns empty when taken, else the milliseconds until the spent window ends.
     */
    public OptionalLong takeHourly(Handle h, ProjectId project, String key, String purpose, int budget, long now) {
        AddressLimitDao dao = Daos.of(h, AddressLimitDao.class);
        dao.insertIfAbsent(project.value(), key, purpose);
        if (dao.take(project.value(), key, purpose, now, budget) == 1) {
            return OptionalLong.empty();
        }
        long start = dao.hourStart(project.value(), key, purpose).orElse(now);
        return OptionalLong.of(Math.max(1, start + HOUR - now));
    }

    /** Returns one taken with {@link #takeHourly} (the guess it paid for did not count). */
    public void giveBackHourly(Handle h, ProjectId project, String key, String purpose) {
        Daos.of(h, AddressLimitDao.class).giveBack(project.value(), key, purpose);
    }

    /** Failures in the 24 hours before now: a rolling window, so midnight gives no fresh budget. */
    public int failuresInLast24Hours(Row row, long now) {
        return recentFailures(row, now).size();
    }

    /** Failure times after {@code since}, oldest first. */
    public List<Long> failuresSince(Row row, long since) {
        List<Long> times = new ArrayList<>();
        for (String t : row.failLog().split(",")) {
            if (!t.isEmpty() && Long.parseLong(t) > since) {
                times.add(Long.parseLong(t));
            }
        }
        return times;
    }

    private List<Long> recentFailures(Row row, long now) {
        return failuresSince(row, now - DAY);
    }

    public void recordFailure(Handle h, Row row, long now, int keep) {
        List<Long> times = recentFailures(row, now);
        times.add(now);
        List<Long> kept = times.subList(Math.max(0, times.size() - Math.max(keep, 1)), times.size());
        setFailLog(h, row, kept.stream().map(String::valueOf).collect(Collectors.joining(",")), now);
    }

    /** Clears an address's failures without locking or creating its row first: one statement, a no-op when there are none. */
    public void clearFailures(Handle h, ProjectId project, String emailKey, String purpose) {
        Daos.of(h, AddressLimitDao.class).clearFailures(project.value(), emailKey, purpose);
    }

    /** The same for a row this transaction holds: no statement at all when it has no failures. */
    public void clearFailures(Handle h, Row row) {
        if (!row.failLog().isEmpty()) {
            clearFailures(h, new ProjectId(row.projectId()), row.emailKey(), row.purpose());
        }
    }

    /** Deletes rows with no send, hour or failure after the given time (all projects); returns how many. */
    public int purgeIdleSince(Handle h, long before) {
        return Daos.of(h, AddressLimitDao.class).deleteIdleSince(before);
    }

    private static void setFailLog(Handle h, Row row, String log, long lastFailureAt) {
        Daos.of(h, AddressLimitDao.class).setFailLog(row.projectId(), row.emailKey(), row.purpose(), log, lastFailureAt);
    }

    private static long ceilSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
