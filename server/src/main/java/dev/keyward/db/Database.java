package dev.keyward.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keyward.audit.AuditDao;
import dev.keyward.config.ConfigException;
import dev.keyward.mail.DeadLetterDao;
import dev.keyward.mail.OutboxDao;
import dev.keyward.mail.ProjectSmtpDao;
import dev.keyward.mail.TemplateDao;
import dev.keyward.otp.OtpCodeDao;
import dev.keyward.project.ProjectDao;
import dev.keyward.ratelimit.IpLimitDao;
import dev.keyward.ratelimit.AddressLimitDao;
import dev.keyward.session.SessionDao;
import dev.keyward.user.UserDao;
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
        prepareSqlObjects(AuditDao.class, IpLimitDao.class, OtpCodeDao.class, AddressLimitDao.class, OutboxDao.class,
                ProjectDao.class, SessionDao.class, UserDao.class, ProjectSmtpDao.class, TemplateDao.class,
                DeadLetterDao.class);
    }

    /**
     * Builds the SqlObject metadata of each DAO once, in the root configuration that every handle
     * copies when it opens. Jdbi 3.54 keeps what Handle.attach builds in the handle's own copy
     * (jdbi issue #2991), so without this every transaction would rebuild it for each DAO it
     * attaches: about a millisecond of CPU per request. A new DAO interface belongs in this list.
     */
    private void prepareSqlObjects(Class<?>... daos) {
        for (Class<?> dao : daos) {
            jdbi.withExtension(dao, attached -> null);
        }
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
