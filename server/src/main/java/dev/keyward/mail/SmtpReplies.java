package dev.keyward.mail;

import dev.keyward.config.SmtpSettings;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns what an SMTP exchange said (a reply line, an exception chain) into one line that is safe
 * to store as a dead letter's last error, to log and to show a tenant admin: no line breaks, at
 * most 480 characters, and never the server's username or password, as they are or in base64
 * (AUTH PLAIN and LOGIN send them so, and a server may echo them back).
 */
final class SmtpReplies {
    static final int MAX_LENGTH = 480;

    private SmtpReplies() {
    }

    /** The exception's class and message, and its root cause's, scrubbed of this server's credentials. */
    static String describe(Throwable e, SmtpSettings server) {
        String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            m += " (" + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
        return scrub(m, server);
    }

    static String scrub(String text, SmtpSettings server) {
        String out = text == null ? "" : text;
        if (server != null) {
            for (String secret : new String[] {server.password(), server.username()}) {
                if (secret != null && !secret.isEmpty()) {
                    out = out.replace(secret, "***")
                            .replace(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)), "***");
                }
            }
        }
        out = out.replaceAll("[\\r\\n\\t]+", " ").strip();
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out;
    }
}
