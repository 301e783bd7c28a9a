package dev.keyward.http;

import java.util.Map;

/** An expected failure with its HTTP status, stable machine code and client-facing message. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> details;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String message, Map<String, String> details, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    public static ApiException validation(Map<String, String> details) {
        return new ApiException(400, "VALIDATION_ERROR", "Validation failed", Map.copyOf(details), null);
    }

    public static ApiException validation(String field, String reason) {
        return validation(Map.of(field, reason));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "UNAUTHORIZED", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "FORBIDDEN", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "CONFLICT", message);
    }

    public static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(429, "RATE_LIMITED", "Too many requests, please try again later", null,
                (int) Math.max(1, retryAfterSeconds));
    }

    public static ApiException payloadTooLarge() {
        return payloadTooLarge(JsonBody.MAX_BYTES);
    }

    public static ApiException payloadTooLarge(int maxBytes) {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "Request body exceeds " + maxBytes + " bytes");
    }

    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, "UNAVAILABLE", message, null, retryAfterSeconds);
    }

    public ApiException withMessage(String message) {
        return new ApiException(status, code, message, details, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> details() {
        return details;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
