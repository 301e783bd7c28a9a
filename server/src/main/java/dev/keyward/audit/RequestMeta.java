package dev.keyward.audit;

/** Who is asking, for audit and rate limits: client IP, request id and the admin actor if any. */
public record RequestMeta(String ip, String requestId, String actor) {
    public static RequestMeta internal() {
        return new RequestMeta(null, null, "system");
    }
}
