package dev.keyward.admin;

import dev.keyward.http.ApiException;
import dev.keyward.http.JsonBody;
import dev.keyward.mail.EmailAddress;
import dev.keyward.mail.MailLocales;
import dev.keyward.project.AllowedOrigins;
import dev.keyward.project.CompatProfiles;
import dev.keyward.project.Project;
import dev.keyward.project.RegistrationMode;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The body of PATCH /api/admin/projects/{id}, read strictly: absent fields are left alone, an
 * explicit null clears an optional setting, and every problem is reported per field at once.
 */
final class ProjectSettingsPatch {
    private ProjectSettingsPatch() {
    }

    static UnaryOperator<Project> parse(JsonBody body) {
        Optional<String> name = Optional.ofNullable(body.optionalText("name", Project.MAX_NAME_LENGTH));
        Optional<Boolean> requireVerification = body.optionalBoolean("requireEmailVerification");
        Optional<Integer> minLength = body.optionalInt("passwordMinLength");
        minLength.filter(n -> n < 8 || n > 64).ifPresent(n -> body.reject("passwordMinLength", "must be between 8 and 64"));
        Optional<String> fromName = body.optionalString("mailFromName");
        fromName.filter(n -> n.length() > 200 || n.contains("\"") || n.contains("<"))
                .ifPresent(n -> body.reject("mailFromName", "must be at most 200 characters without quotes or angle brackets"));
        Optional<String> fromAddress = body.optionalString("mailFromAddress");
        fromAddress.filter(s -> EmailAddress.tryParse(s).isEmpty())
                .ifPresent(s -> body.reject("mailFromAddress", "must be a valid email address"));
        Optional<String> verifyUrl = url(body, "verifyUrl");
        Optional<String> resetUrl = url(body, "resetUrl");
        Optional<JsonBody> compat = body.optionalObject("compat");
        Optional<Boolean> cargoExtra = compat.flatMap(c -> c.optionalBoolean("cargoExtra"));
        Optional<Boolean> strapi = compat.flatMap(c -> c.optionalBoolean("strapi"));
        Optional<List<String>> origins = body.optionalStringList("allowedOrigins", AllowedOrigins.MAX);
        origins.ifPresent(list -> list.stream().map(AllowedOrigins::problem).flatMap(Optional::stream).findFirst()
                .ifPresent(reason -> body.reject("allowedOrigins", reason)));
        Optional<String> modeName = body.optionalString("registrationMode");
        Optional<RegistrationMode> mode = modeName.flatMap(RegistrationMode::fromWire);
        if (modeName.isPresent() && mode.isEmpty()) {
            body.reject("registrationMode", "must be conflict or quiet");
        }
        Optional<String> defaultLocale = Optional.ofNullable(MailLocales.optional(body, "defaultLocale"));
        body.check();
        return p -> checked(new Project(p.id(), name.orElse(p.name()),
                requireVerification.orElse(p.requireEmailVerification()), minLength.orElse(p.passwordMinLength()),
                cleared(body, "mailFromName", fromName, p.mailFromName()),
                cleared(body, "mailFromAddress", fromAddress.map(s -> EmailAddress.tryParse(s).get().address()),
                        p.mailFromAddress()),
                cleared(body, "verifyUrl", verifyUrl, p.verifyUrl()), cleared(body, "resetUrl", resetUrl, p.resetUrl()),
                p.otpPolicy(),
                new CompatProfiles(cargoExtra.orElse(p.compat().cargoExtra()), strapi.orElse(p.compat().strapi())),
                origins.map(o -> new AllowedOrigins(o.stream().distinct().toList()))
                        .orElse(body.isExplicitNull("allowedOrigins") ? AllowedOrigins.NONE : p.allowedOrigins()),
                mode.orElse(p.registrationMode()), p.createdAt(), defaultLocale.orElse(p.defaultLocale()),
                p.webhookEvents()),
                modeName.isPresent());
    }

    /**
     * Quiet sign-up answers a duplicate with the 201 of a new account that must verify its address;
     * without verification a new sign-up would get tokens, so the two answers would differ.
     */
    private static Project checked(Project after, boolean modeGiven) {
        if (after.registrationMode() == RegistrationMode.QUIET && !after.requireEmailVerification()) {
            throw modeGiven
                    ? ApiException.validation("registrationMode", "quiet needs requireEmailVerification: true")
                    : ApiException.validation("requireEmailVerification", "must stay true while registrationMode is quiet");
        }
        return after;
    }

    /** An explicit JSON null clears an optional setting; an absent field leaves it alone. */
    private static String cleared(JsonBody body, String field, Optional<String> given, String current) {
        if (given.isPresent()) {
            return given.get();
        }
        return body.isExplicitNull(field) ? null : current;
    }

    private static Optional<String> url(JsonBody body, String field) {
        Optional<String> v = body.optionalString(field);
        v.filter(u -> u.length() > 2000 || !u.matches("https?://[^\\s<>\"]+"))
                .ifPresent(u -> body.reject(field, "must be an http(s) URL"));
        return v;
    }
}
