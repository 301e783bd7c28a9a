package dev.keyward.mail;

import dev.keyward.config.Keys;
import dev.keyward.project.Project;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.email.EmailPopulatingBuilder;
import org.simplejavamail.email.EmailBuilder;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the mail the relay sends: the chosen template rendered with the values the server itself
 * wrote (the sealed payload, the project's name, the recipient), never anything from request
 * headers; from the project's SMTP sender, else its mail sender setting, else the server default.
 */
public final class MailComposer {
    private final TemplateService templates;
    private final String defaultFrom;
    private final String messageIdDomain;
    private final Keys keys;

    /** {@code publicUrl}'s host names this server in the Message-IDs it makes. */
    public MailComposer(TemplateService templates, String defaultFrom, String publicUrl, Keys keys) {
        this.templates = templates;
        this.defaultFrom = defaultFrom;
        this.messageIdDomain = URI.create(publicUrl).getHost();
        this.keys = keys;
    }

    /** The mail of outbox row {@code outboxId}, a row of {@code project}. */
    public Email build(TemplateService.Chosen chosen, Project project, ProjectSmtpService.Server server,
                       String recipient, Map<String, String> payload, long outboxId) {
        TemplateRenderer.Rendered r = templates.render(chosen, values(project, recipient, payload));
        EmailPopulatingBuilder builder = EmailBuilder.startingBlank().to(recipient).withSubject(r.subject())
                .withPlainText(r.text()).withHTMLText(r.html())
                .fixingMessageId(messageId(project, outboxId));
        if (server != null) {
            builder.from(server.fromName() != null ? server.fromName() : project.name(), server.fromAddress());
        } else if (project.mailFromAddress() != null) {
            builder.from(project.mailFromName() != null ? project.mailFromName() : project.name(), project.mailFromAddress());
        } else {
            builder.from(defaultFrom);
        }
        return builder.buildEmail();
    }

    /**
     * One Message-ID per outbox row, the same on every attempt: a retry after a crash between the
     * SMTP server's "250 OK" and the row's "sent" commit is a copy of the same message, which
     * receivers that dedupe by Message-ID drop, not a second mail.
     */
    String messageId(Project project, long outboxId) {
        return "<" + keys.messageId(project.id(), outboxId) + ".outbox@" + messageIdDomain + ">";
    }

    /** The placeholders' values: what the payload holds, plus the project's name and the recipient. */
    static Map<String, String> values(Project project, String recipient, Map<String, String> payload) {
        Map<String, String> values = new HashMap<>(payload);
        // Rows queued before templates existed name the validity "minutes".
        if (!values.containsKey("ttlMinutes") && values.containsKey("minutes")) {
            values.put("ttlMinutes", values.get("minutes"));
        }
        values.remove("minutes");
        values.put("projectName", project.name());
        values.put("email", recipient);
        return values;
    }
}
