package dev.keyward.mail;

/** One mail kind's wording in one locale: mustache sources for the subject, the text part and the HTML part. */
public record MailTemplate(String subject, String text, String html) {
    public static final int MAX_SUBJECT = 200;
    /** Each body's limit, in UTF-8 bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
}
