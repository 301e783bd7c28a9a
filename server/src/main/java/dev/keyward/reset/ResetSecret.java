package dev.keyward.reset;

import dev.keyward.config.Keys;
import dev.keyward.otp.Alphabet;
import dev.keyward.otp.CodeGenerator;
import dev.keyward.otp.OtpCodes;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a reset request mails. The Mudbase OTP follows the project's policy and is checked together
 * with the address it was sent to. The compat profiles' secrets arrive without an address, so they
 * are long enough to be unguessable on their own and their MAC names no address: it is how they
 * are found.
 */
public enum ResetSecret {
    OTP(OtpCodes.RESET, 0, null),
    CARGO_TOKEN(OtpCodes.RESET_CARGO, 12, "cargoExtra"),
    STRAPI_CODE(OtpCodes.RESET_STRAPI, 32, "strapi");

    private final String purpose;
    private final int length;
    private final String profile;

    ResetSecret(String purpose, int length, String profile) {
        this.purpose = purpose;
        this.length = length;
        this.profile = profile;
    }

    public String purpose() {
        return purpose;
    }

    String generate(CodeGenerator generator, OtpPolicy policy) {
        return this == OTP ? generator.next(policy) : generator.next(Alphabet.ALPHANUMERIC, length);
    }

    /** The form a presented secret is compared in: trimmed, and upper-case (codes are case-insensitive). */
    String normalize(String presented) {
        return ResetService.normalizeCode(presented);
    }

    String mac(Keys keys, ProjectId project, String emailKey, String secret) {
        return keys.otpMac(project.value(), this == OTP ? emailKey : "", purpose, secret);
    }

    /**
     * The link in the mail, from project settings and KEYWARD_PUBLIC_URL only (never request
     * headers): Mudbase's goes to the project's reset page with the address, if it has one;
     * Strapi's carries the code, as Strapi's own mail does; Cargo's mail has none.
     */
    Optional<String> link(Project project, String publicUrl, String secret, String address) {
        return switch (this) {
            case OTP -> Optional.ofNullable(project.resetUrl()).map(url -> withParameter(url, "email", address));
            case CARGO_TOKEN -> Optional.empty();
            case STRAPI_CODE -> Optional.of(withParameter(
                    project.resetUrl() != null ? project.resetUrl() : publicUrl + "/reset-password", "code", secret));
        };
    }

    private static String withParameter(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Names the profile in audit events; null for the Mudbase endpoints. */
    String auditDetail() {
        return profile == null ? null : "profile " + profile;
    }
}
