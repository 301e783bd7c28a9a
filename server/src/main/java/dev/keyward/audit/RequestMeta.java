package dev.keyward.audit;

/**
 * Who is asking, for audit and rate limits: client IP, request id and the admin actor if any; and
 * the request's Accept-Language, which picks the language of a mail the request causes when the
 * user has none of their own. It is never written to the audit log.
 */
public record RequestMeta(String ip, String requestId, String actor, String acceptLanguage) {
    public RequestMeta(String ip, String requestId, String actor) {
        this(ip, requestId, actor, null);
    }

    public static RequestMeta internal() {
        return new RequestMeta(null, null, "system");
    }
}
