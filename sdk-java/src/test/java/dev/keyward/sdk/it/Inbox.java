package dev.keyward.sdk.it;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the live server really sent over SMTP, as a user's mailbox would show it. */
final class Inbox {
    record Mail(String subject, String text, String html) {
    }

    private final GreenMail greenMail;

    Inbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Waits (up to 10 s, the outbox relays asynchronously) for the {@code n}th mail with this subject. */
    Mail await(String address, String subject, int n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<Mail> mails = to(address, subject);
            if (mails.size() >= n) {
                return mails.get(n - 1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " mail(s) '" + subject + "' to " + address + ", got " + mails.size());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    List<Mail> to(String address, String subject) {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                boolean match = false;
                for (Address recipient : message.getAllRecipients()) {
                    String r = recipient.toString().toLowerCase(java.util.Locale.ROOT);
                    match |= r.equals(address) || r.endsWith("<" + address + ">");
                }
                if (match && subject.equals(message.getSubject())) {
                    out.add(new Mail(message.getSubject(), part(message, "text/plain"), part(message, "text/html")));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The reset code: the line of the text part that holds the code alone. */
    static String codeIn(Mail mail) {
        Matcher m = Pattern.compile("(?m)^([0-9A-Z]{6,32})\\r?$").matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("no code alone on a line in: " + mail.text());
        }
        return m.group(1);
    }

    /** The token of the verification link ({@code ...?token=}). */
    static String tokenIn(Mail mail) {
        Matcher m = Pattern.compile("[?&]token=([A-Za-z0-9_%.-]+)").matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("no verification link in: " + mail.text());
        }
        return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
