package dev.keyward.mail;

import dev.keyward.config.SmtpSettings;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.mailer.MailerBuilder;

/**
 * Sends through Simple Java Mail to one SMTP server, over a small pool of kept-open connections
 * (batch-module's pool, one per server), with connect, read and write timeouts so a server that
 * never answers holds a sender for a bounded time.
 */
public final class SmtpTransport implements MailTransport, AutoCloseable {
    private final Mailer mailer;

    public SmtpTransport(SmtpSettings s, int timeoutMillis, int connections) {
        this.mailer = MailerBuilder.withSMTPServer(s.host(), s.port(), s.username(), s.password())
                .withTransportStrategy(strategy(s.security()))
                .withSessionTimeout(timeoutMillis)
                .withThreadPoolSize(1)
                // As many kept-open connections as the server's lane sends at once, each closed
                // after 5 s idle, instead of a TCP and SMTP handshake for every mail.
                .withConnectionPoolCoreSize(0)
                .withConnectionPoolMaxSize(connections)
                .withConnectionPoolClaimTimeoutMillis(timeoutMillis)
                .withConnectionPoolExpireAfterMillis(5_000)
                // Addresses are validated by Keyward itself; the default sender no-reply@localhost
                // would fail Simple Java Mail's stricter RFC check.
                .clearEmailValidator()
                .buildMailer();
    }

    static TransportStrategy strategy(SmtpSettings.Security security) {
        return switch (security) {
            case NONE -> TransportStrategy.SMTP;
            case STARTTLS -> TransportStrategy.SMTP_TLS;
            case TLS -> TransportStrategy.SMTPS;
        };
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
