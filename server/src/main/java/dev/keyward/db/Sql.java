package dev.keyward.db;

import org.jdbi.v3.core.Handle;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.Optional;

/**
 * Plain JDBC for the few PostgreSQL statements every public request runs (the per-IP counter and
 * a reset request's two statements), on the connection and in the transaction of the caller's
 * Jdbi handle. Profiled under load, Jdbi's own work per statement (a configuration copy, named
 * arguments found by reflection, result-mapping set-up) was about a quarter of a reset request's
 * server CPU; here a statement is bound by position and read by the caller's code, and pgjdbc
 * keeps it prepared on the server per connection as it does for Jdbi. Everything else stays in
 * SqlObject DAOs. A failure is a {@link StatementFailed} whose cause is the SQLException, which
 * the error mapping reads as it reads Jdbi's.
 */
public final class Sql {
    private Sql() {
    }

    /** Binds a statement's parameters in order. */
    @FunctionalInterface
    public interface Binder {
        void bind(Params p) throws SQLException;
    }

    /** Reads the current row. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** The first row the statement returns, read by {@code reader}; empty when it returns none. */
    public static <T> Optional<T> first(Handle h, String sql, Binder binder, RowReader<T> reader) {
        try (PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
            binder.bind(new Params(ps));
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(reader.read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StatementFailed(sql, e);
        }
    }

    /** Positional parameters, set in the order they are given; a null keeps its SQL type. */
    public static final class Params {
        private final PreparedStatement ps;
        private int next = 1;

        Params(PreparedStatement ps) {
            this.ps = ps;
        }

        public Params text(String v) throws SQLException {
            if (v == null) {
                ps.setNull(next++, Types.VARCHAR);
            } else {
                ps.setString(next++, v);
            }
            return this;
        }

        public Params texts(String... vs) throws SQLException {
            for (String v : vs) {
                text(v);
            }
            return this;
        }

        public Params int8(long v) throws SQLException {
            ps.setLong(next++, v);
            return this;
        }

        public Params int4(int v) throws SQLException {
            ps.setInt(next++, v);
            return this;
        }
    }

    /** A statement run through {@link Sql} failed; the cause is the driver's SQLException. */
    public static final class StatementFailed extends RuntimeException {
        StatementFailed(String sql, SQLException cause) {
            super("statement failed: " + (sql.length() > 60 ? sql.substring(0, 60) + "..." : sql), cause);
        }
    }

    /** {@code n} comma-separated placeholders, for an IN list of a length fixed in code. */
    public static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
