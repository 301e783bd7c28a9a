package dev.keyward.compat;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Set-up for the compat profiles' tests: a project with a profile on, and the seeds' requests as raw JSON. */
final class Compat {
    static final String CARGO = "/api/v1/user/";
    static final String STRAPI = "/auth/";
    static final String NEW_PASSWORD = "NewSecurePass123";

    private Compat() {
    }

    /** A project with both profiles switched on by its tenant admin. */
    static Fixtures.CreatedProject project(Api api) {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        Resp r = api.patch("/api/admin/projects/" + p.id(), Map.of("compat", Map.of("cargoExtra", true, "strapi", true)),
                Fixtures.key(p.adminKey()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return p;
    }

    static String[] projectHeader(String projectId) {
        return new String[] {"X-Project-Id", projectId};
    }

    static Resp cargoForgot(Api api, String project, String email) {
        return api.post(CARGO + "forgot-password", "{ \"email\": \"" + email + "\" }", projectHeader(project));
    }

    static Resp cargoConfirm(Api api, String project, String token, String... extraHeaders) {
        return api.post(CARGO + "confirm-otp-reset", "{ \"resetToken\": \"" + token + "\" }", headers(project, extraHeaders));
    }

    static Resp cargoReset(Api api, String project, String email, String password, String... extraHeaders) {
        return api.post(CARGO + "password-reset", "{\n    \"email\": \"" + email + "\",\n    \"password\": \"" + password + "\"\n}",
                headers(project, extraHeaders));
    }

    static Resp strapiForgot(Api api, String project, String email) {
        return api.post(STRAPI + "forgot-password", "{\"email\":\"" + email + "\"}", projectHeader(project));
    }

    static Resp strapiReset(Api api, String project, String code, String password, String confirmation) {
        return api.post(STRAPI + "reset-password", "{\"code\":\"" + code + "\",\"password\":\"" + password
                + "\",\"passwordConfirmation\":\"" + confirmation + "\"}", projectHeader(project));
    }

    private static String[] headers(String project, String... extra) {
        String[] all = new String[2 + extra.length];
        all[0] = "X-Project-Id";
        all[1] = project;
        System.arraycopy(extra, 0, all, 2, extra.length);
        return all;
    }
}
