package dev.keyward.sdk;

/** A webhook request that {@link Webhooks#verify} refuses: answer it with 400 and do not act on it. */
public class WebhookVerificationException extends KeywardException {
    private static final long serialVersionUID = 1L;

    public WebhookVerificationException(String message) {
        super(message);
    }
}
