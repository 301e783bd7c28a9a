package dev.keyward.bench;

import java.io.IOException;

/**
 * The compat profiles' public calls, for one project (named in the X-Project-Id header: those
 * clients send no projectId in their bodies).
 */
record CompatApi(String projectId) {
    static final String CARGO_FORGOT = "/api/v1/user/forgot-password";
    static final String CARGO_CONFIRM = "/api/v1/user/confirm-otp-reset";
    static final String CARGO_RESET = "/api/v1/user/password-reset";
    static final String STRAPI_FORGOT = "/auth/forgot-password";
    static final String STRAPI_RESET = "/auth/reset-password";

    /** Cargo Extra step 1: mails a 12-symbol token. */
    Resp cargoForgot(Conn c, String email) throws IOException {
        return c.request("POST", CARGO_FORGOT, "{\"email\":\"" + email + "\"}", project());
    }

    /** Cargo Extra step 2: consumes the token, answers the address and opens a confirmed reset for this client. */
    Resp cargoConfirm(Conn c, String token) throws IOException {
        return c.request("POST", CARGO_CONFIRM, "{\"resetToken\":\"" + token + "\"}", project());
    }

    /** Cargo Extra step 3: the new password for an address step 2 confirmed. */
    Resp cargoReset(Conn c, String email) throws IOException {
        return c.request("POST", CARGO_RESET, "{\"email\":\"" + email + "\",\"password\":\"" + ResetApi.NEW_PASSWORD + "\"}",
                project());
    }

    /** Strapi: mails a 32-symbol code. */
    Resp strapiForgot(Conn c, String email) throws IOException {
        return c.request("POST", STRAPI_FORGOT, "{\"email\":\"" + email + "\"}", project());
    }

    /** Strapi: the code and the new password (twice); answers a session. */
    Resp strapiReset(Conn c, String code) throws IOException {
        return c.request("POST", STRAPI_RESET, "{\"code\":\"" + code + "\",\"password\":\"" + ResetApi.NEW_PASSWORD
                + "\",\"passwordConfirmation\":\"" + ResetApi.NEW_PASSWORD + "\"}", project());
    }

    private String project() {
        return "X-Project-Id: " + projectId;
    }
}
