package dev.keyward.mail;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.config.SmtpSettings;
import dev.keyward.http.ApiException;
import dev.keyward.project.Project;
import dev.keyward.ratelimit.AddressLimits;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jdbi.v3.core.Jdbi;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;

/**
 * POST .../smtp/test: one mail through the project's own SMTP server, now, answered with what the
 * server said (its last reply line, or the error), never with its credentials. At most
 * {@value #PER_HOUR} per project per hour, counted before the send, so a failing server cannot be
 * probed faster by failing.
 */
public final class SmtpTester {
    static final int PER_HOUR = 5;
    private static final String PURPOSE = "smtp_test";
    private static final String PROJECT_ROW = "*";
    private static final int MAX_TIMEOUT_MILLIS = 10_000;

    private final Jdbi jdbi;
    private final ProjectSmtpService smtp;
    private final AddressLimits limits;
    private final AuditLog audit;
    private final Clock clock;
    private final int timeoutMillis;
    private final boolean allowPrivateHosts;

    public SmtpTester(Jdbi jdbi, ProjectSmtpService smtp, AddressLimits limits, AuditLog audit, Clock clock,
                      int timeoutMillis, boolean allowPrivateHosts) {
        this.jdbi = jdbi;
        this.smtp = smtp;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
        this.timeoutMillis = Math.min(timeoutMillis, MAX_TIMEOUT_MILLIS);
        this.allowPrivateHosts = allowPrivateHosts;
    }

    /** Whether the server took the mail, and its reply (or the error) in one safe line. */
    public record Result(boolean ok, String reply) { }

    public Result test(Project project, EmailAddress to, RequestMeta meta) {
        ProjectSmtpService.Server server = smtp.server(project.projectId())
                .orElseThrow(ProjectSmtpService::notConfigured);
        jdbi.useTransaction(h -> {
            long now = clock.millis();
            AddressLimits.Row row = limits.lock(h, project.projectId(), PROJECT_ROW, PURPOSE);
            long wait = AddressLimits.hourlyWait(row, PER_HOUR, now);
            if (wait > 0) {
                throw ApiException.rateLimited((wait + 999) / 1000);
            }
            limits.recordSend(h, row, now);
        });
        Result result = send(project, server, to);
        jdbi.useHandle(h -> audit.record(h, project.projectId(), "smtp.tested", null, null, meta,
                result.ok() ? "accepted" : "failed"));
        return result;
    }

    private Result send(Project project, ProjectSmtpService.Server server, EmailAddress to) {
        SmtpSettings s = server.settings();
        if (s == null) {
            return new Result(false, server.problem());
        }
        Optional<String> refused = allowPrivateHosts ? Optional.empty() : SmtpHosts.addressProblem(s.host());
        if (refused.isPresent()) {
            return new Result(false, "SMTP host " + refused.get());
        }
        boolean tls = s.security() == SmtpSettings.Security.TLS;
        String protocol = tls ? "smtps" : "smtp";
        Properties props = new Properties();
        String p = "mail." + protocol + ".";
        props.put(p + "connectiontimeout", String.valueOf(timeoutMillis));
        props.put(p + "timeout", String.valueOf(timeoutMillis));
        props.put(p + "writetimeout", String.valueOf(timeoutMillis));
        props.put(p + "auth", String.valueOf(s.username() != null));
        props.put(p + "ssl.checkserveridentity", "true");
        if (s.security() == SmtpSettings.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        Session session = Session.getInstance(props);
        try (Transport transport = session.getTransport(protocol)) {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(server.fromAddress(),
                    server.fromName() != null ? server.fromName() : project.name(), "UTF-8"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.address()));
            message.setSubject("Keyward SMTP test for " + project.name(), "UTF-8");
            message.setText("This is a test message from Keyward. " + project.name()
                    + "'s mail will be sent through this SMTP server.\n", "UTF-8");
            transport.connect(s.host(), s.port(), s.username(), s.password());
            transport.sendMessage(message, message.getAllRecipients());
            String reply = transport instanceof SMTPTransport t ? t.getLastServerResponse() : "accepted";
            return new Result(true, SmtpReplies.scrub(reply, s));
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            return new Result(false, SmtpReplies.describe(e, s));
        }
    }
}
