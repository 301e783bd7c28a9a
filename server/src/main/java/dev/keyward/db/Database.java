package dev.keyward.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keyward.config.ConfigException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import java.sql.Connection;
import java.sql.SQLException;

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
            throw new ConfigException("Cannot connect to the database at KEYWARD_DB_URL (" + redact(url) + "): " + e.getMessage());
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
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

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
