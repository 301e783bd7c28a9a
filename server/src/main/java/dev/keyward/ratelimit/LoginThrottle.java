package dev.keyward.ratelimit;

import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.OptionalLong;

/**
 * Failed logins per (project, canonical email): at most {@link #MAX_FAILURES} in any
 * {@link #WINDOW_MILLIS}, then 429 until the oldest of them ages out. The per-IP limit alone lets
 * a botnet guess one account's password from many addresses. Unknown addresses are counted the
 * same way, so the 429 arrives at the same attempt whether or not the account exists. An attempt
 * is counted before the password is checked, under the address's row lock, and forgiven when it
 * succeeds: parallel guesses cannot exceed the budget. A throttle rather than a lockout: the
 * owner can always reset the password, and a successful reset clears the count.
 */
public final class LoginThrottle {
    public static final String PURPOSE = "login";
    public static final int MAX_FAILURES = 10;
    public static final long WINDOW_MILLIS = 15 * 60_000L;

    private final AddressLimits limits;

    public LoginThrottle(AddressLimits limits) {
        this.limits = limits;
    }

    /**
     * Counts this attempt as a failure in advance; if the budget is already spent, counts nothing
     * and returns the seconds until the oldest failure of the window ages out.
     */
    public OptionalLong countAttempt(Handle h, ProjectId project, String emailKey, long now) {
        AddressLimits.Row row = limits.lock(h, project, emailKey, PURPOSE);
        List<Long> recent = limits.failuresSince(row, now - WINDOW_MILLIS);
        if (recent.size() >= MAX_FAILURES) {
            return OptionalLong.of(Math.max(1, (recent.get(0) + WINDOW_MILLIS - now + 999) / 1000));
        }
        limits.recordFailure(h, row, now, MAX_FAILURES);
        return OptionalLong.empty();
    }

    /** Clears the count after a successful login or password reset. */
    public void forgive(Handle h, ProjectId project, String emailKey) {
        limits.clearFailures(h, project, emailKey, PURPOSE);
    }
}
