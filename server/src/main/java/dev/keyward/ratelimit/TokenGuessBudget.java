package dev.keyward.ratelimit;

import dev.keyward.http.ApiException;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.OptionalLong;

/**
 * Checks of secrets that arrive without an address (Cargo's reset token, Strapi's code): such a
 * guess cannot be charged to an account, so it is charged to the client's network and to the
 * project, each with an hourly budget. A check takes one from both budgets before the lookup,
 * each in a one-statement transaction (so checks in one project never queue behind one lock and
 * parallel guesses cannot overrun a budget), and a check that found its secret gives them back.
 */
public final class TokenGuessBudget {
    static final String PURPOSE = "token_guess";
    private static final String PROJECT_ROW = "*";

    private final Jdbi jdbi;
    private final AddressLimits limits;
    private final int perNetworkPerHour;
    private final int perProjectPerHour;

    public TokenGuessBudget(Jdbi jdbi, AddressLimits limits, int perNetworkPerHour, int perProjectPerHour) {
        this.jdbi = jdbi;
        this.limits = limits;
        this.perNetworkPerHour = perNetworkPerHour;
        this.perProjectPerHour = perProjectPerHour;
    }

    /** What one check took, to give back if the secret was found. */
    public record Taken(ProjectId project, String network) { }

    /** Takes one guess from the project's and the network's budget; 429 (with the wait) when either is spent. */
    public Taken take(ProjectId project, String clientIp, long now) {
        String network = "net:" + ClientNetwork.of(clientIp);
        OptionalLong projectWait = jdbi.inTransaction(h -> limits.takeHourly(h, project, PROJECT_ROW, PURPOSE,
                perProjectPerHour, now));
        if (projectWait.isPresent()) {
            throw ApiException.rateLimited((projectWait.getAsLong() + 999) / 1000);
        }
        OptionalLong networkWait = jdbi.inTransaction(h -> limits.takeHourly(h, project, network, PURPOSE,
                perNetworkPerHour, now));
        if (networkWait.isPresent()) {
            jdbi.useTransaction(h -> limits.giveBackHourly(h, project, PROJECT_ROW, PURPOSE));
            throw ApiException.rateLimited((networkWait.getAsLong() + 999) / 1000);
        }
        return new Taken(project, network);
    }

    /** The check found its secret: it was not a guess. In the caller's transaction. */
    public void giveBack(Handle h, Taken taken) {
        limits.giveBackHourly(h, taken.project(), PROJECT_ROW, PURPOSE);
        limits.giveBackHourly(h, taken.project(), taken.network(), PURPOSE);
    }
}
