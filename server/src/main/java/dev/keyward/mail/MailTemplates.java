package dev.keyward.mail;

import dev.keyward.project.Project;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.email.EmailBuilder;

import java.util.Map;

/**
 * The emails, as text and HTML. Every value placed in them comes from project settings or
 * the payload the server itself wrote; nothing is taken from request headers.
 */
public final class MailTemplates {
    private final String defaultFrom;

    public MailTemplates(String defaultFrom) {
        this.defaultFrom = defaultFrom;
    }

    public Email build(MailKind kind, Project project, String recipient, Map<String, String> p) {
        String app = project.name();
        String subject;
        String text;
        String html;
        switch (kind) {
            case RESET_CODE -> {
                subject = "Your password reset code";
                String minutes = p.get("minutes");
                String link = p.get("link");
                text = "Hello,\n\nSomeone asked to reset the password of your " + app + " account. Your code is:\n\n"
                        + p.get("code") + "\n\n"
                        + "It is valid for " + minutes + " minutes and can be used once."
                        + (link != null ? "\nYou can enter it at " + link : "")
                        + "\n\nIf you did not ask for this, ignore this email; your password stays unchanged.\n";
                html = page(app, "<p>Someone asked to reset the password of your " + esc(app) + " account. Your code is:</p>"
                        + "<p style=\"font-size:28px;font-weight:bold;letter-spacing:4px\">" + esc(p.get("code")) + "</p>"
                        + "<p>It is valid for " + esc(minutes) + " minutes and can be used once.</p>"
                        + (link != null ? "<p><a href=\"" + esc(link) + "\">Reset your password</a></p>" : "")
                        + "<p>If you did not ask for this, ignore this email; your password stays unchanged.</p>");
            }
            case VERIFY_EMAIL -> {
                subject = "Verify your email";
                String link = p.get("link");
                text = "Hello,\n\nPlease confirm your email address for " + app + " by opening this link:\n\n"
                        + link + "\n\nThe link is valid for 24 hours. If you did not create an account, ignore this email.\n";
                html = page(app, "<p>Please confirm your email address for " + esc(app) + ".</p>"
                        + "<p><a href=\"" + esc(link) + "\">Verify my email</a></p>"
                        + "<p>Or open this link: " + esc(link) + "</p>"
                        + "<p>The link is valid for 24 hours. If you did not create an account, ignore this email.</p>");
            }
            case PASSWORD_CHANGED -> {
                subject = "Your password was changed";
                text = "Hello,\n\nThe password of your " + app + " account was just changed, and all your sessions were"
                        + " signed out.\n\nIf this was not you, reset your password now and contact the " + app + " team.\n";
                html = page(app, "<p>The password of your " + esc(app) + " account was just changed, and all your"
                        + " sessions were signed out.</p><p>If this was not you, reset your password now and contact the "
                        + esc(app) + " team.</p>");
            }
            case SIGNUP_ATTEMPT -> {
                subject = "Someone tried to sign up with your address";
                text = "Hello,\n\nSomeone just tried to create a " + app + " account with this email address, which"
                        + " already has one. Nothing was changed.\n\nIf it was you, log in instead; if you forgot your"
                        + " password, reset it. If it was not you, you can ignore this email.\n";
                html = page(app, "<p>Someone just tried to create a " + esc(app) + " account with this email address,"
                        + " which already has one. Nothing was changed.</p><p>If it was you, log in instead; if you forgot"
                        + " your password, reset it. If it was not you, you can ignore this email.</p>");
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        var builder = EmailBuilder.startingBlank().to(recipient).withSubject(subject).withPlainText(text).withHTMLText(html);
        if (project.mailFromAddress() != null) {
            builder.from(project.mailFromName() != null ? project.mailFromName() : app, project.mailFromAddress());
        } else {
            builder.from(defaultFrom);
        }
        return builder.buildEmail();
    }

    private static String page(String app, String body) {
        return "<!doctype html><html><body style=\"font-family:sans-serif;max-width:560px\"><h2>" + esc(app) + "</h2>"
                + body + "</body></html>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
