package dev.keyward.user;

import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.Optional;

/** SQL for accounts; every statement is scoped to one project. */
public final class UserDao {
    static final RowMapper<User> MAPPER = (rs, ctx) -> new User(rs.getString("id"), rs.getString("project_id"),
            rs.getString("email"), rs.getString("email_key"), rs.getString("password_hash"), rs.getString("first_name"),
            rs.getString("last_name"), rs.getString("role"), rs.getString("custom_role"), rs.getBoolean("email_verified"),
            rs.getBoolean("two_factor_enabled"), rs.getLong("created_at"));

    private final Handle h;

    public UserDao(Handle h) {
        this.h = h;
    }

    public void insert(User u) {
        h.createUpdate("""
                INSERT INTO users (id, project_id, email, email_key, password_hash, first_name, last_name, role,
                    custom_role, email_verified, two_factor_enabled, created_at, updated_at)
                VALUES (:id, :projectId, :email, :emailKey, :passwordHash, :firstName, :lastName, :role, :customRole,
                    :emailVerified, :twoFactorEnabled, :createdAt, :createdAt)""")
                .bindMethods(u)
                .execute();
    }

    public Optional<User> findByEmail(ProjectId p, String emailKey) {
        return h.createQuery("SELECT * FROM users WHERE project_id = :p AND email_key = :k")
                .bind("p", p.value()).bind("k", emailKey).map(MAPPER).findOne();
    }

    public Optional<User> findById(ProjectId p, String id) {
        return h.createQuery("SELECT * FROM users WHERE project_id = :p AND id = :id")
                .bind("p", p.value()).bind("id", id).map(MAPPER).findOne();
    }

    public void setPassword(ProjectId p, String id, String hash, boolean markVerified, long now) {
        h.createUpdate("""
                UPDATE users SET password_hash = :hash, updated_at = :now,
                    email_verified = CASE WHEN :verify THEN TRUE ELSE email_verified END
                WHERE project_id = :p AND id = :id""")
                .bind("hash", hash).bind("now", now).bind("verify", markVerified)
                .bind("p", p.value()).bind("id", id).execute();
    }

    public int markVerified(ProjectId p, String id, long now) {
        return h.createUpdate("UPDATE users SET email_verified = TRUE, updated_at = :now WHERE project_id = :p AND id = :id")
                .bind("now", now).bind("p", p.value()).bind("id", id).execute();
    }

    public int delete(ProjectId p, String id) {
        return h.createUpdate("DELETE FROM users WHERE project_id = :p AND id = :id")
                .bind("p", p.value()).bind("id", id).execute();
    }
}
