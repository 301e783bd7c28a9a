package dev.keyward.session;

import dev.keyward.config.Keys;
import dev.keyward.config.RandomTokens;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Opaque access and refresh tokens (256-bit random, stored only as MACs). Refresh tokens rotate;
 * presenting a rotated one again means it leaked, so the whole session is revoked.
 */
public final class SessionService {
    public static final int ACCESS_TTL_SECONDS = 1800;
    static final long REFRESH_TTL_MILLIS = 30L * 24 * 3600 * 1000;
    private static final String ACCESS = "access";
    private static final String REFRESH = "refresh";

    private final Jdbi jdbi;
    private final Keys keys;
    private final Clock clock;
    private final SecureRandom random;

    public SessionService(Jdbi jdbi, Keys keys, Clock clock, SecureRandom random) {
        this.jdbi = jdbi;
        this.keys = keys;
        this.clock = clock;
        this.random = random;
    }

    public record Tokens(String token, String refreshToken, int expiresIn) { }

    public record Principal(String projectId, String userId, String sessionId) { }

    /** Starts a session inside the caller's transaction. */
    public Tokens start(Handle h, ProjectId project, String userId) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String sessionId = HexFormat.of().formatHex(id);
        long now = clock.millis();
        Daos.of(h, SessionDao.class).insertSession(sessionId, project.value(), userId, now);
        return issue(h, project.value(), sessionId, now);
    }

    private Tokens issue(Handle h, String projectId, String sessionId, long now) {
        String access = newToken();
        String refresh = newToken();
        insertToken(h, keys.tokenMac(ACCESS, access), sessionId, projectId, ACCESS, now + ACCESS_TTL_SECONDS * 1000L);
        insertToken(h, keys.tokenMac(REFRESH, refresh), sessionId, projectId, REFRESH, now + REFRESH_TTL_MILLIS);
        return new Tokens(access, refresh, ACCESS_TTL_SECONDS);
    }

    private static void insertToken(Handle h, String hash, String sessionId, String projectId, String kind, long expires) {
        Daos.of(h, SessionDao.class).insertToken(hash, sessionId, projectId, kind, expires);
    }

    /** The live session behind an access token, or 401. */
    public Principal authenticate(String accessToken) {
        if (accessToken == null || accessToken.length() > 200) {
            throw ApiException.unauthorized("Invalid or expired token");
        }
        return jdbi.withHandle(h -> Daos.of(h, SessionDao.class).liveAccess(keys.tokenMac(ACCESS, accessToken), clock.millis()))
                .orElseThrow(() -> ApiException.unauthorized("Invalid or expired token"));
    }

    public Tokens refresh(String refreshToken) {
        if (refreshToken.length() > 200) {
            throw ApiException.unauthorized("Invalid or expired refresh token");
        }
        String hash = keys.tokenMac(REFRESH, refreshToken);
        Optional<Tokens> result = jdbi.inTransaction(h -> {
            long now = clock.millis();
            SessionDao dao = Daos.of(h, SessionDao.class);
            Optional<SessionDao.RefreshRow> row = dao.refreshToken(hash);
            if (row.isEmpty() || row.get().revokedAt() != null || row.get().expiresAt() <= now) {
                return Optional.<Tokens>empty();
            }
            String sessionId = row.get().sessionId();
            // Consume atomically: of two concurrent refreshes with one token, only one rotates.
            int used = dao.markUsed(hash, now);
            if (used == 0) {
                revokeSession(h, sessionId, now);
                return Optional.<Tokens>empty();
            }
            // The access tokens issued with the rotated refresh token end with it.
            dao.expireAccessTokens(sessionId, now);
            return Optional.of(issue(h, row.get().projectId(), sessionId, now));
        });
        return result.orElseThrow(() -> ApiException.unauthorized("Invalid or expired refresh token"));
    }

    public void logout(Principal principal) {
        jdbi.useHandle(h -> revokeSession(h, principal.sessionId(), clock.millis()));
    }

    /** Ends every session of a user (password change, deletion) inside the caller's transaction. */
    public void revokeAll(Handle h, ProjectId project, String userId) {
        Daos.of(h, SessionDao.class).revokeAll(project.value(), userId, clock.millis());
    }

    /** Deletes every session of a user and its tokens (account deletion) inside the caller's transaction. */
    public void deleteAllFor(Handle h, ProjectId project, String userId) {
        SessionDao dao = Daos.of(h, SessionDao.class);
        dao.deleteTokensOf(project.value(), userId);
        dao.deleteSessionsOf(project.value(), userId);
    }

    /** Deletes tokens that expired before the given time (all projects); returns how many. */
    public int purgeTokensExpiredBefore(Handle h, long before) {
        return Daos.of(h, SessionDao.class).deleteTokensExpiredBefore(before);
    }

    private static void revokeSession(Handle h, String sessionId, long now) {
        Daos.of(h, SessionDao.class).revoke(sessionId, now);
    }

    private String newToken() {
        return RandomTokens.next(random);
    }
}
