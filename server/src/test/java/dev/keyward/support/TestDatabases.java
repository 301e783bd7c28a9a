package dev.keyward.support;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty database per server: an in-memory H2 one, or a new PostgreSQL database created
 * on the server at KEYWARD_TEST_PG_URL (default 127.0.0.1:5432, database test, user postgres).
 * Under CI=true an unreachable PostgreSQL fails the run instead of skipping its tests.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static String adminUrl() {
        String url = System.getenv("KEYWARD_TEST_PG_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
    }

    public static String freshUrl(String kind) {
        return switch (kind) {
            case "h2" -> "jdbc:h2:mem:kw" + UUID.randomUUID().toString().replace("-", "")
                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
            case "postgres" -> freshPostgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String freshPostgres() {
        String admin = adminUrl();
        String name = "keyward_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL is required under CI=true but " + admin + " failed: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL not reachable at " + admin + ": " + e.getMessage());
        }
        int q = admin.indexOf('?');
        String base = q < 0 ? admin : admin.substring(0, q);
        String params = q < 0 ? "" : admin.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
    }

    public static void dropPostgres(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // best effort at JVM exit
        }
    }
}
