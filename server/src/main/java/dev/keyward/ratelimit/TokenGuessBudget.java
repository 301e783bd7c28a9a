package dev.keyward.ratelimit;

import dev.keyward.http.ApiException;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;

/**
 * Failed checks of secrets that arrive without an address (Cargo's reset token, Strapi's code):
 * such a guess cannot be charged to an account, so it is charged to the client's network and to
 * the project, each with an hourly budget. Both rows are locked before the lookup, so parallel
 * guesses cannot overrun a budget; the project's row is locked first, always.
 */
public final class TokenGuessBudget {
    static final String PURPOSE = "token_guess";
    private static final String PROJECT_ROW = "*";

    private final AddressLimits limits;
    private final int perNetworkPerHour;
    private final int perProjectPerHour;

    public TokenGuessBudget(AddressLimits limits, int perNetworkPerHour, int perProjectPerHour) {
        this.limits = limits;
        this.perNetworkPerHour = perNetworkPerHour;
        this.perProjectPerHour = perProjectPerHour;
    }

    /** The two budget rows this transaction holds. */
    public record Held(AddressLimits.Row project, AddressLimits.Row network) { }

    /** Locks both budgets; 429 (with the wait until the older window ends) when either is spent. */
    public Held check(Handle h, ProjectId project, String clientIp, long now) {
        AddressLimits.Row projectRow = limits.lock(h, project, PROJECT_ROW, PURPOSE);
        AddressLimits.Row networkRow = limits.lock(h, project, "net:" + ClientNetwork.of(clientIp), PURPOSE);
        long wait = Math.max(AddressLimits.hourlyWait(projectRow, perProjectPerHour, now),
                AddressLimits.hourlyWait(networkRow, perNetworkPerHour, now));
        if (wait > 0) {
            throw ApiException.rateLimited((wait + 999) / 1000);
        }
        return new Held(projectRow, networkRow);
    }

    public void recordFailure(Handle h, Held held, long now) {
        limits.recordSend(h, held.project(), now);
        limits.recordSend(h, held.network(), now);
    }
}
