package dev.keyward.db;

import dev.keyward.otp.OtpCodes;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.AllowedOrigins;
import dev.keyward.project.CompatProfiles;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectDao;
import dev.keyward.project.ProjectId;
import dev.keyward.project.RegistrationMode;
import dev.keyward.support.TestDatabases;
import dev.keyward.user.UserDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL only. A statement prepared while its table was empty keeps its generic plan after
 * the table has grown, as long as nobody runs ANALYZE (autovacuum off, as on the CI machine).
 * Lookups by id that also name the project must still go through the primary key, not walk an
 * index by project: with schema V1 the relay's "is this code still open" scanned every code of
 * the project and bench/run's relay fell from about 300 to 20 mails/s.
 */
class GenericPlanIT {
    private static final int ROWS = 20_000;

    @Test
    void lookupsByIdStayOnThePrimaryKeyWhenTheirPlanWasMadeOnAnEmptyTable() {
        String url = TestDatabases.freshUrl("postgres");
        try {
            ProjectId pid = new ProjectId(ProjectId.newId(new SecureRandom()));
            OtpCodes codes = new OtpCodes(true);
            try (Handle h = genericPlansWithProject(url, pid)) {
                lookUpOneOfEach(h, codes, pid, 1, "none");

                h.execute("""
                        INSERT INTO otp_codes (project_id, email_key, purpose, mac, created_at, expires_at, attempts, max_attempts)
                        SELECT ?, 'u' || g || '@plans.test', 'reset', md5(g::text), 0, 9000000000000, 0, 5
                        FROM generate_series(1, ?) g""", pid.value(), ROWS);
                h.execute("""
                        INSERT INTO users (id, project_id, email, email_key, password_hash, first_name, last_name, role,
                            email_verified, two_factor_enabled, created_at, updated_at)
                        SELECT lpad(to_hex(g), 24, '0'), ?, 'u' || g || '@plans.test', 'u' || g || '@plans.test', 'x',
                            'F', 'L', 'user', true, false, 0, 0
                        FROM generate_series(1, ?) g""", pid.value(), ROWS);

                h.begin();
                long someCode = h.createQuery("SELECT MAX(id) FROM otp_codes").mapTo(Long.class).one();
                lookUpOneOfEach(h, codes, pid, someCode, String.format("%024x", ROWS / 2));
                long fetched = h.createQuery("""
                                SELECT SUM(idx_tup_fetch) FROM pg_stat_xact_user_tables WHERE relname IN ('otp_codes', 'users')""")
                        .mapTo(Long.class).one();
                h.rollback();
                assertThat(fetched).as("index tuples fetched by five lookups by id over %d rows", ROWS).isLessThan(100);
            }
        } finally {
            TestDatabases.dropPostgres(url);
        }
    }

    /**
     * The MAC index leaves the email-OTP reset codes out (V11), so a reset request no longer writes
     * into it; the lookups by MAC name {@link OtpCodes#MAC_INDEXED} and so keep using it with a
     * generic plan made while the table was empty (without it PostgreSQL cannot prove the partial
     * index applies and scans the table).
     */
    @Test
    void lookupsByMacUseTheIndexThatLeavesResetCodesOut() {
        String url = TestDatabases.freshUrl("postgres");
        try {
            ProjectId pid = new ProjectId(ProjectId.newId(new SecureRandom()));
            OtpCodes codes = new OtpCodes(true);
            try (Handle h = genericPlansWithProject(url, pid)) {
                assertThat(codes.openByMac(h, pid, "none", OtpCodes.RESET_CARGO)).isEmpty();
                assertThat(codes.openByMac(h, "none", OtpCodes.VERIFY)).isEmpty();

                h.execute("""
                        INSERT INTO otp_codes (project_id, email_key, purpose, mac, created_at, expires_at, attempts, max_attempts)
                        SELECT ?, 'u' || g || '@plans.test', CASE g WHEN 1 THEN 'reset_cargo' WHEN 2 THEN 'verify' ELSE 'reset' END,
                            md5(g::text), 0, 9000000000000, 0, 5
                        FROM generate_series(1, ?) g""", pid.value(), ROWS);

                h.begin();
                assertThat(codes.openByMac(h, pid, md5(1), OtpCodes.RESET_CARGO)).isPresent();
                assertThat(codes.openByMac(h, md5(2), OtpCodes.VERIFY)).isPresent();
                assertThat(codes.openByMac(h, pid, md5(3), OtpCodes.RESET)).as("reset codes are found by email").isEmpty();
                long seqScans = h.createQuery("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'otp_codes'")
                        .mapTo(Long.class).one();
                h.rollback();
                assertThat(seqScans).as("sequential scans of otp_codes by three lookups by MAC").isZero();
                long macIndex = h.createQuery("SELECT pg_relation_size('otp_codes_token_mac')").mapTo(Long.class).one();
                long emailIndex = h.createQuery("SELECT pg_relation_size('otp_codes_lookup')").mapTo(Long.class).one();
                assertThat(macIndex).as("MAC index bytes with %d reset codes and 2 others", ROWS).isLessThan(emailIndex / 20);
            }
        } finally {
            TestDatabases.dropPostgres(url);
        }
    }

    /**
     * A migrated database at {@code url} with project {@code pid}, and a handle whose statements are
     * server-side prepared from their first execution and always planned generically.
     */
    private static Handle genericPlansWithProject(String url, ProjectId pid) {
        new Database(url, null, null, 2).close(); // migrates
        Handle h = Jdbi.create(url + (url.contains("?") ? "&" : "?") + "prepareThreshold=1")
                .installPlugin(new SqlObjectPlugin()).open();
        h.execute("SET plan_cache_mode = force_generic_plan");
        h.attach(ProjectDao.class).insert(new Project(pid.value(), "plans", false, 8, null, null, null, null,
                OtpPolicy.DEFAULT, CompatProfiles.NONE,
                AllowedOrigins.NONE, RegistrationMode.CONFLICT, 0, "en", ""), "key-hash");
        return h;
    }

    private static String md5(int g) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(String.valueOf(g).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void lookUpOneOfEach(Handle h, OtpCodes codes, ProjectId pid, long codeId, String userId) {
        codes.isOpen(h, pid.value(), codeId);
        codes.countAttempt(h, pid, codeId);
        codes.consume(h, pid, codeId, 1);
        h.attach(UserDao.class).findById(pid.value(), userId);
        h.attach(UserDao.class).setPassword(pid.value(), userId, "y", false, 1);
    }
}
