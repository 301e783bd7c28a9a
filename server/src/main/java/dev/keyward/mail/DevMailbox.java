package dev.keyward.mail;

import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.email.Recipient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps the last 200 emails in memory instead of sending them, for running Keyward with no SMTP
 * server. Fed the same Simple Java Mail {@link Email} objects that SMTP would get.
 */
public final class DevMailbox implements MailTransport {
    private static final int CAPACITY = 200;
    private final Deque<Captured> mails = new ArrayDeque<>();
    private final Clock clock;

    public DevMailbox(Clock clock) {
        this.clock = clock;
    }

    public record Captured(String to, String from, String subject, String text, String html, String receivedAt) { }

    @Override
    public synchronized void send(Email email) {
        String to = email.getRecipients().stream().map(Recipient::getAddress).collect(Collectors.joining(", "));
        String from = email.getFromRecipient() == null ? null : email.getFromRecipient().getAddress();
        mails.addFirst(new Captured(to, from, email.getSubject(), email.getPlainText(), email.getHTMLText(),
                Instant.now(clock).toString()));
        while (mails.size() > CAPACITY) {
            mails.removeLast();
        }
    }

    /** Newest first. */
    public synchronized List<Captured> list() {
        return new ArrayList<>(mails);
    }
}
