package dev.keyward.bench;

/** One HTTP reply: status, body, and the Retry-After seconds (0 if absent). */
record Resp(int status, String body, int retryAfter) {

    /** Fails the run unless the reply has the wanted status. */
    Resp require(int want, String what) {
        if (status != want) {
            throw new IllegalStateException(what + ": HTTP " + status + " " + body);
        }
        return this;
    }
}
