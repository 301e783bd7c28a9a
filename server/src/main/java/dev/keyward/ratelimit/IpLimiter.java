package dev.keyward.ratelimit;

import dev.keyward.db.Daos;
import dev.keyward.db.Sql;
import dev.keyward.http.ApiException;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Public auth calls per client IP per project per minute, counted in the database (a fixed
 * one-minute window) so every server process shares one budget. The counting statement also
 * reads the project's settings version (and counts nothing for a project that does not exist),
 * so a public request learns both on one connection checkout.
 */
public final class IpLimiter {
    private static final long WINDOW = 60_000L;
    private final Jdbi jdbi;
    private final Clock clock;
    private final int perMinute;
    private final boolean postgres;

    public IpLimiter(Jdbi jdbi, Clock clock, int perMinute, boolean postgres) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.perMinute = perMinute;
        this.postgres = postgres;
    }

    /**
     * Counts a call; 429 over the limit. Returns the project's settings version, or empty (and
     * counts nothing) when no such project exists.
     */
    public OptionalLong check(ProjectId project, String ip) {
        long now = clock.millis();
        long window = now - now % WINDOW;
        String key = bucket(ip);
        Optional<IpLimitDao.Hit> hit = postgres ? hitPostgres(project, key, window) : hitPortable(project, key, window);
        if (hit.isEmpty()) {
            return OptionalLong.empty();
        }
        if (hit.get().hits() > perMinute) {
            throw ApiException.rateLimited((window + WINDOW - now + 999) / 1000);
        }
        return OptionalLong.of(hit.get().settingsVersion());
    }

    /** Deletes counters whose window started before the given time (all projects); returns how many. */
    public int purgeWindowsBefore(Handle h, long before) {
        return Daos.of(h, IpLimitDao.class).deleteWindowsBefore(before);
    }

    /** IPv4 addresses count alone; IPv6 ones by their /64, since one client commonly holds a whole /64. */
    static String bucket(String ip) {
        if (ip == null) {
            return "unknown";
        }
        if (ip.indexOf(':') >= 0) {
            try {
                byte[] a = java.net.InetAddress.getByName(ip.split("%", 2)[0]).getAddress();
                if (a.length == 16) {
                    return java.util.HexFormat.of().formatHex(a, 0, 8) + "::/64";
                }
            } catch (java.net.UnknownHostException e) {
                return "invalid";
            }
        }
        return ip.length() > 45 ? ip.substring(0, 45) : ip;
    }

    private Optional<IpLimitDao.Hit> hitPostgres(ProjectId project, String ip, long window) {
        return jdbi.withHandle(h -> {
            // The statement relaxes its own transaction's commit; inside a caller's transaction that would be the caller's.
            if (h.isInTransaction()) {
                throw new IllegalStateException("the per-IP counter runs in autocommit, not inside a transaction");
            }
            return Sql.first(h, IpLimitDao.UPSERT_HIT, p -> p.texts(project.value(), ip).int8(window),
                    r -> new IpLimitDao.Hit(r.getInt("hits"), r.getLong("settings_version")));
        });
    }

    private Optional<IpLimitDao.Hit> hitPortable(ProjectId project, String ip, long window) {
        return jdbi.inTransaction(h -> {
            IpLimitDao dao = Daos.of(h, IpLimitDao.class);
            Optional<Long> version = dao.settingsVersion(project.value());
            if (version.isEmpty()) {
                return Optional.<IpLimitDao.Hit>empty();
            }
            dao.insertIfAbsent(project.value(), ip, window);
            dao.countHit(project.value(), ip, window);
            return Optional.of(new IpLimitDao.Hit(dao.hits(project.value(), ip), version.get()));
        });
    }
}
