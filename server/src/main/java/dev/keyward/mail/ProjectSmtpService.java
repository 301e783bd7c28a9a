package dev.keyward.mail;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.config.SmtpSettings;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Projects' own SMTP servers. The password is sealed before it reaches the database and is opened
 * only to send; it is never returned, logged or written to the audit log.
 */
public final class ProjectSmtpService {
    private final Jdbi jdbi;
    private final SecretBox box;
    private final AuditLog audit;
    private final Clock clock;

    public ProjectSmtpService(Jdbi jdbi, SecretBox box, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What PUT stores. {@code password}: a new password, or null to keep the stored one; with
     * {@code clearPassword} the server is used without a password.
     */
    public record Input(String host, int port, SmtpSettings.Security security, String username, String password,
                        boolean clearPassword, String fromName, String fromAddress) {
        @Override
        public String toString() {
            return "Input[" + host + ":" + port + "]";
        }
    }

    /** What GET answers: everything but the password, and whether one is set. */
    public record View(String host, int port, String security, String username, boolean passwordSet, String fromName,
                       String fromAddress, String updatedAt) {
        static View of(ProjectSmtp s) {
            return new View(s.host(), s.port(), s.security(), s.username(), s.passwordSealed() != null, s.fromName(),
                    s.fromAddress(), Instant.ofEpochMilli(s.updatedAt()).toString());
        }
    }

    /**
     * A server to send with, password opened, and the sender the project chose for it; or, with
     * {@code problem} set and no settings, why the stored one cannot be used.
     */
    public record Server(SmtpSettings settings, String fromName, String fromAddress, String problem) {
        @Override
        public String toString() {
            return "Server[" + settings + "]";
        }
    }

    public View get(ProjectId project) {
        return jdbi.withHandle(h -> Daos.of(h, ProjectSmtpDao.class).find(project.value())).map(View::of)
                .orElseThrow(ProjectSmtpService::notConfigured);
    }

    public View put(ProjectId project, Input in, RequestMeta meta) {
        return jdbi.inTransaction(h -> {
            ProjectSmtpDao dao = Daos.of(h, ProjectSmtpDao.class);
            dao.lockProject(project.value()).orElseThrow(ProjectService::notFound);
            Optional<ProjectSmtp> before = dao.find(project.value());
            String sealed = in.password() != null ? box.seal(in.password(), associatedData(project.value()))
                    : in.clearPassword() ? null : before.map(ProjectSmtp::passwordSealed).orElse(null);
            ProjectSmtp row = new ProjectSmtp(project.value(), in.host(), in.port(), wire(in.security()), in.username(),
                    sealed, in.fromName(), in.fromAddress(), clock.millis());
            if (dao.update(row) == 0) {
                dao.insert(row);
            }
            String password = in.password() != null ? "new password" : in.clearPassword() ? "no password"
                    : sealed != null ? "password kept" : "no password";
            audit.record(h, project, "smtp.updated", null, null, meta,
                    row.host() + ":" + row.port() + " " + row.security() + ", " + password + ", from " + row.fromAddress());
            return View.of(row);
        });
    }

    public void delete(ProjectId project, RequestMeta meta) {
        jdbi.useTransaction(h -> {
            if (Daos.of(h, ProjectSmtpDao.class).delete(project.value()) == 0) {
                throw notConfigured();
            }
            audit.record(h, project, "smtp.deleted", null, null, meta, "mail goes through the server default again");
        });
    }

    /** The project's server, password opened, if it has one. */
    public Optional<Server> server(ProjectId project) {
        return jdbi.withHandle(h -> Daos.of(h, ProjectSmtpDao.class).find(project.value())).map(this::open);
    }

    /** The servers of these projects (those that have one), in the caller's transaction. */
    public Map<String, Server> servers(Handle h, List<String> projectIds) {
        Map<String, Server> out = new HashMap<>();
        if (!projectIds.isEmpty()) {
            for (ProjectSmtp s : Daos.of(h, ProjectSmtpDao.class).findAll(projectIds)) {
                try {
                    out.put(s.projectId(), open(s));
                } catch (IllegalStateException e) {
                    // One project's unreadable row must not stop the others' mail.
                    out.put(s.projectId(), new Server(null, s.fromName(), s.fromAddress(),
                            "the stored SMTP password cannot be decrypted (was KEYWARD_SECRET changed?)"));
                }
            }
        }
        return out;
    }

    private Server open(ProjectSmtp s) {
        String password = s.passwordSealed() == null ? null : box.open(s.passwordSealed(), associatedData(s.projectId()));
        SmtpSettings settings = new SmtpSettings(s.host(), s.port(), s.username(), password,
                security(s.security()).orElseThrow());
        return new Server(settings, s.fromName(), s.fromAddress(), null);
    }

    /** Binds a sealed password to its project: copied onto another project's row, it does not open. */
    private static String associatedData(String projectId) {
        return "project_smtp|" + projectId;
    }

    public static String wire(SmtpSettings.Security security) {
        return security.name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SmtpSettings.Security> security(String wire) {
        for (SmtpSettings.Security s : SmtpSettings.Security.values()) {
            if (wire(s).equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    static ApiException notConfigured() {
        return ApiException.notFound("This project has no SMTP server of its own; mail goes through the server default");
    }
}
