package dev.keyward.reset;

import dev.keyward.audit.AuditLog;
import dev.keyward.db.Daos;
import dev.keyward.mail.Outbox;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.ProjectId;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.user.User;
import dev.keyward.user.UserDao;
import org.jdbi.v3.core.Handle;

import java.util.Optional;

/**
 * The rows a reset request reads and writes, inside its transaction. On PostgreSQL they are two
 * statements ({@link ResetRequestDao}): every round trip to the database costs the server more
 * CPU than the statement it carries. Elsewhere each owner writes its own rows.
 */
final class ResetRequestRows {
    /** The address's limits row, locked for the rest of the transaction, and its account if any. */
    record Locked(AddressLimits.Row limits, Optional<User> user) { }

    private final boolean postgres;
    private final OtpCodes codes;
    private final AddressLimits limits;
    private final Outbox outbox;
    private final AuditLog audit;

    ResetRequestRows(boolean postgres, OtpCodes codes, AddressLimits limits, Outbox outbox, AuditLog audit) {
        this.postgres = postgres;
        this.codes = codes;
        this.limits = limits;
        this.outbox = outbox;
        this.audit = audit;
    }

    Locked lock(Handle h, ProjectId pid, String emailKey) {
        if (postgres) {
            return ResetRequestDao.lockAndFind(h, pid.value(), emailKey, OtpCodes.RESET);
        }
        AddressLimits.Row row = limits.lock(h, pid, emailKey, OtpCodes.RESET);
        return new Locked(row, Daos.of(h, UserDao.class).findByEmail(pid.value(), emailKey));
    }

    /** Supersedes the open reset secrets, stores the new one with its mail, counts the send, audits; returns its id. */
    long store(Handle h, OtpCodes.NewCode code, Outbox.Row mail, AddressLimits.Send send, AuditLog.Entry event) {
        if (postgres) {
            return ResetRequestDao.store(h, code, mail, send, event);
        }
        long id = codes.replace(h, code, OtpCodes.RESET_ALL);
        outbox.insert(h, mail, id);
        limits.recordSend(h, send);
        audit.insert(h, event);
        return id;
    }
}
