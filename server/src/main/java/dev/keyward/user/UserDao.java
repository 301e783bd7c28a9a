package dev.keyward.user;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** SQL for accounts; every statement is scoped to one project. {@link UserService} is the only writer. */
@RegisterRowMapper(UserDao.Columns.class)
public interface UserDao {
    @SqlUpdate("""
            INSERT INTO users (id, project_id, email, email_key, password_hash, first_name, last_name, role,
                custom_role, email_verified, two_factor_enabled, created_at, updated_at, locale)
            VALUES (:id, :projectId, :email, :emailKey, :passwordHash, :firstName, :lastName, :role, :customRole,
                :emailVerified, :twoFactorEnabled, :createdAt, :createdAt, :locale)""")
    void insert(@BindMethods User user);

    @SqlQuery("SELECT * FROM users WHERE project_id = :projectId AND email_key = :emailKey")
    Optional<User> findByEmail(String projectId, String emailKey);

    @SqlQuery("SELECT * FROM users WHERE project_id = :projectId AND id = :id")
    Optional<User> findById(String projectId, String id);

    /** The stored hash, with the row locked for the rest of the transaction. */
    @SqlQuery("SELECT password_hash FROM users WHERE project_id = :projectId AND id = :id FOR UPDATE")
    Optional<String> lockPasswordHash(String projectId, String id);

    /** Replaces the hash only if it is still {@code old}. */
    @SqlUpdate("UPDATE users SET password_hash = :hash WHERE project_id = :projectId AND id = :id AND password_hash = :old")
    void upgradeHash(String projectId, String id, String old, String hash);

    @SqlUpdate("""
            UPDATE users SET password_hash = :hash, updated_at = :now,
                email_verified = CASE WHEN :verify THEN TRUE ELSE email_verified END
            WHERE project_id = :projectId AND id = :id""")
    void setPassword(String projectId, String id, String hash, boolean verify, long now);

    @SqlUpdate("UPDATE users SET email_verified = TRUE, updated_at = :now WHERE project_id = :projectId AND id = :id")
    int markVerified(String projectId, String id, long now);

    @SqlUpdate("DELETE FROM users WHERE project_id = :projectId AND id = :id")
    int delete(String projectId, String id);

    /**
     * Rows to {@link User} by column name, written out: Jdbi's reflective constructor mapper costs
     * about as much CPU as the query itself on the hot paths (sign-in, reset request).
     */
    final class Columns implements RowMapper<User> {
        @Override
        public User map(ResultSet r, StatementContext ctx) throws SQLException {
            return new User(r.getString("id"), r.getString("project_id"), r.getString("email"), r.getString("email_key"),
                    r.getString("password_hash"), r.getString("first_name"), r.getString("last_name"), r.getString("role"),
                    r.getString("custom_role"), r.getBoolean("email_verified"), r.getBoolean("two_factor_enabled"),
                    r.getLong("created_at"), r.getLong("updated_at"), r.getString("locale"));
        }
    }
}
