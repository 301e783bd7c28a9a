package dev.keyward.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what Keyward really sent over SMTP to GreenMail. */
public final class Mailbox {
    private Mailbox() {
    }

    public record Mail(String to, String from, String subject, String text, String html, String messageId) { }

    public static List<Mail> to(String address) {
        return to(TestServer.greenMail(), address);
    }

    /** What this SMTP server (a project's own, say) received for the address. */
    public static List<Mail> to(GreenMail gm, String address) {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage m : gm.getReceivedMessages()) {
            try {
                boolean match = false;
                for (var r : m.getAllRecipients()) {
                    match |= r.toString().equalsIgnoreCase(address) || r.toString().toLowerCase().endsWith("<" + address.toLowerCase() + ">");
                }
                if (match) {
                    out.add(new Mail(address, m.getFrom()[0].toString(), m.getSubject(), part(m, "text/plain"), part(m, "text/html"),
                            m.getMessageID()));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Every mail this SMTP server received, in order, each under its first recipient. */
    public static List<Mail> all(GreenMail gm) {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage m : gm.getReceivedMessages()) {
            try {
                String to = ((jakarta.mail.internet.InternetAddress) m.getAllRecipients()[0]).getAddress();
                out.add(new Mail(to, m.getFrom()[0].toString(), m.getSubject(), part(m, "text/plain"), part(m, "text/html"),
                        m.getMessageID()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public static List<Mail> to(String address, String subject) {
        return to(address).stream().filter(m -> m.subject().equals(subject)).toList();
    }

    /** Waits (up to 10 s) until at least n mails with this subject reached the address. */
    public static List<Mail> await(String address, String subject, int n) {
        return await(TestServer.greenMail(), address, subject, n);
    }

    public static List<Mail> await(GreenMail gm, String address, String subject, int n) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            List<Mail> mails = to(gm, address).stream().filter(m -> m.subject().equals(subject)).toList();
            if (mails.size() >= n) {
                return mails;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("expected " + n + " mail(s) '" + subject + "' to " + address + ", got " + mails.size());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The reset code of the newest reset mail: the line that holds the code alone. */
    public static String latestCode(String address, int expectedMails) {
        List<Mail> mails = await(address, "Your password reset code", expectedMails);
        return codeIn(mails.get(mails.size() - 1).text());
    }

    public static String codeIn(String text) {
        Matcher m = Pattern.compile("(?m)^([0-9A-Z]{6,32})\\r?$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no code alone on a line in: " + text);
        }
        return m.group(1);
    }

    public static String verificationToken(String address) {
        Mail mail = await(address, "Verify your email", 1).get(0);
        Matcher m = Pattern.compile("[?&]token=([A-Za-z0-9_%-]+)").matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("no link with ?token= in: " + mail.text());
        }
        return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String part(Part p, String type) throws Exception {
        if (p.isMimeType(type)) {
            return GreenMailUtil.getBody(p).isEmpty() ? "" : (String) p.getContent();
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String s = part(mp.getBodyPart(i), type);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

}
