package dev.keyward.mail;

import org.simplejavamail.api.email.Email;

/** Where built emails go: an SMTP server, or the dev mailbox. */
public interface MailTransport {
    void send(Email email) throws Exception;
}
