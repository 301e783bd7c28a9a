package dev.keyward.mail;

import dev.keyward.config.SmtpSettings;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.mailer.MailerBuilder;

/** Sends through Simple Java Mail to the configured SMTP server, reusing one connection while mail keeps coming. */
public final class SmtpTransport implements MailTransport, AutoCloseable {
    private final Mailer mailer;

    public SmtpTransport(SmtpSettings s) {
        TransportStrategy strategy = switch (s.security()) {
            case NONE -> TransportStrategy.SMTP;
            case STARTTLS -> TransportStrategy.SMTP_TLS;
            case TLS -> TransportStrategy.SMTPS;
        };
        this.mailer = MailerBuilder.withSMTPServer(s.host(), s.port(), s.username(), s.password())
                .withTransportStrategy(strategy)
                .withSessionTimeout(10_000)
                .withThreadPoolSize(1)
                // One relay thread per process: one kept-open connection (batch-module's pool),
                // closed after 5 s idle, instead of a TCP and SMTP handshake for every mail.
                .withConnectionPoolCoreSize(0)
                .withConnectionPoolMaxSize(1)
                .withConnectionPoolClaimTimeoutMillis(10_000)
                .withConnectionPoolExpireAfterMillis(5_000)
                // Addresses are validated by Keyward itself; the default sender no-reply@localhost
                // would fail Simple Java Mail's stricter RFC check.
                .clearEmailValidator()
                .buildMailer();
    }

    @Override
    public void send(Email email) {
        mailer.sendMail(email);
    }

    @Override
    public void close() {
        try {
            mailer.shutdownConnectionPool();
        } catch (RuntimeException ignored) {
            // best effort at shutdown
        }
    }
}
