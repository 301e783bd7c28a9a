package dev.keyward.bench;

import java.io.IOException;

/** The two public calls the benchmark measures, for one project. */
record ResetApi(String projectId) {
    static final String REQUEST = "/api/auth/local/password-reset";
    static final String CONFIRM = "/api/auth/local/password-reset/confirm";
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
}
