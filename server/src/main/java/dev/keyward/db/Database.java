package dev.keyward.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keyward.config.ConfigException;
import dev.keyward.otp.OtpCodes;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** The connection pool, the migrated schema and the Jdbi entry point. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean postgres;

    public Database(String url, String user, String password, int poolSize) {
        this.postgres = url.startsWith("jdbc:postgresql:");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(2, poolSize));
        hc.setPoolName("keyward");
        // Short timeouts so a database outage becomes a quick 503 instead of piled-up requests.
        hc.setConnectionTimeout(2_000);
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(-1);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (postgres) {
            hc.addDataSourceProperty("connectTimeout", "3");
            hc.addDataSourceProperty("socketTimeout", "30");
            hc.addDataSourceProperty("tcpKeepAlive", "true");
        }
        this.dataSource = new HikariDataSource(hc);
        try (Connection c = dataSource.getConnection()) {
            c.isValid(2);
        } catch (SQLException e) {
            dataSource.close();
            throw new ConfigException(cannotOpen(url, e));
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("macIndexWhere", OtpCodes.macIndexWhere(postgres)))
                .load()
                .migrate();
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
        // Exception messages name the statement but never its bound values (emails, hashes, MACs).
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean isPostgres() {
        return postgres;
    }

    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** H2: "Database may be already in use" (ErrorCode.DATABASE_ALREADY_OPEN_1). */
    private static final int H2_DATABASE_IN_USE = 90020;

    /**
     * Why the database did not open, in terms of what the operator set. The embedded H2 database
     * is a file under KEYWARD_DATA_DIR that one process at a time may open, and KEYWARD_DB_URL is
     * often not set at all, so the pool's "connection timed out" would point the wrong way.
     */
    static String cannotOpen(String url, SQLException e) {
        if (!url.startsWith("jdbc:h2:")) {
            return "Cannot connect to the database at KEYWARD_DB_URL (" + redact(url) + "): " + e.getMessage();
        }
        String file = url.replaceFirst("^jdbc:h2:(file:)?", "").split(";", 2)[0];
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                java.nio.file.Path path = java.nio.file.Path.of(file).toAbsolutePath();
                return "The data directory " + path.getParent() + " is in use: another process (a Keyward server?) has its"
                        + " database " + path.getFileName() + ".mv.db open. Stop that server, or give this one its own"
                        + " KEYWARD_DATA_DIR.";
            }
            if (t.getCause() == null) {
                return "Cannot open the H2 database " + file + ": " + t.getMessage();
            }
        }
        return "Cannot open the H2 database " + file + ": " + e.getMessage();
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
