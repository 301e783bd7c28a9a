package dev.keyward.bench;

import java.io.IOException;

/** The public Mudbase reset calls the benchmark measures, for one project. */
record ResetApi(String projectId) {
    static final String REQUEST = "/api/auth/local/password-reset";
    static final String CONFIRM = "/api/auth/local/password-reset/confirm";
    static final String VERIFY = "/api/auth/local/password-reset/verify";
    static final String NEW_PASSWORD = "Bench-new-passw0rd!x";

    /** Asks for a reset code for this address. */
    Resp request(Conn c, String email) throws IOException {
        return c.post(REQUEST, "{\"email\":\"" + email + "\",\"projectId\":\"" + projectId + "\"}");
    }

    /** Confirms a code with a new password. */
    Resp confirm(Conn c, String email, String otp) throws IOException {
        return c.post(CONFIRM, "{\"email\":\"" + email + "\",\"projectId\":\"" + projectId + "\",\"otp\":\"" + otp
                + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}");
    }

    /** The 3-step variant's middle step: consumes the code and answers a single-use reset token (no bcrypt). */
    Resp verify(Conn c, String email, String otp) throws IOException {
        return c.post(VERIFY, "{\"email\":\"" + email + "\",\"projectId\":\"" + projectId + "\",\"otp\":\"" + otp + "\"}");
    }
}
