package dev.keyward.sdk;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with a non-2xx status. {@link #code()} is Keyward's stable machine code
 * ({@code VALIDATION_ERROR}, {@code INVALID_OTP}, {@code RATE_LIMITED}, ...); branch on it, not on
 * {@link #error()}, which is prose. {@code code} is null only when the body was not a Keyward error
 * (for example a proxy's HTML page).
 */
public final class KeywardApiException extends KeywardException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String error;
    private final String serverMessage;
    private final Map<String, String> details;
    private final String requestId;
    private final Duration retryAfter;
    private final String body;

    KeywardApiException(String call, int status, String code, String error, String serverMessage,
                        Map<String, String> details, String requestId, Duration retryAfter, String body) {
        super(call + " -> " + status + (code == null ? "" : " " + code) + (error == null ? "" : ": " + error)
                + (details.isEmpty() ? "" : " " + details) + (requestId == null ? "" : " [requestId " + requestId + "]"));
        this.status = status;
        this.code = code;
        this.error = error;
        this.serverMessage = serverMessage;
        this.details = Map.copyOf(details);
        this.requestId = requestId;
        this.retryAfter = retryAfter;
        this.body = body;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The stable machine code, e.g. {@code INVALID_CREDENTIALS}; null if the body was not a Keyward error. */
    public String code() {
        return code;
    }

    /** The human-readable {@code error} of the body. */
    public String error() {
        return error;
    }

    /** The body's optional longer {@code message}, or null. */
    public String serverMessage() {
        return serverMessage;
    }

    /** Field name to reason, for {@code VALIDATION_ERROR}; empty otherwise. */
    public Map<String, String> details() {
        return details;
    }

    /** The request id from the body or the {@code X-Request-Id} header, for support and logs. */
    public String requestId() {
        return requestId;
    }

    /** How long the server asked to wait ({@code retryAfter} or {@code Retry-After}), on 429 and 503. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The raw response body. */
    public String body() {
        return body;
    }
}
