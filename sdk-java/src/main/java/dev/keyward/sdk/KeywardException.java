package dev.keyward.sdk;

/** A call could not be completed: the server was unreachable, timed out, or sent an unreadable body. */
public class KeywardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeywardException(String message, Throwable cause) {
        super(message, cause);
    }

    protected KeywardException(String message) {
        super(message);
    }
}
