package dev.keyward.compat;

import dev.keyward.http.ApiException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Keyward error a compat path can raise, in each profile's words and shape. */
class ProfileTest {
    private static Object cargo(ApiException e) {
        return Profile.CARGO_EXTRA.shape().body(e);
    }

    private static Object strapi(ApiException e) {
        return Profile.STRAPI.shape().body(e);
    }

    @Test
    void cargoErrorsAreExactlyOneMessage() {
        assertThat(cargo(ApiException.validation("email", "is required")))
                .isEqualTo(Map.of("message", "Missing One or More Required Parameters"));
        assertThat(cargo(new ApiException(400, "INVALID_PROJECT_ID", "Invalid project ID format")))
                .isEqualTo(Map.of("message", "Invalid project ID format"));
        assertThat(cargo(Profile.error(400, "Invalid OTP"))).isEqualTo(Map.of("message", "Invalid OTP"));
        assertThat(cargo(new ApiException(404, "PROJECT_NOT_FOUND", "Project not found"))).isEqualTo(Map.of("message", "Not Found"));
        assertThat(cargo(ApiException.rateLimited(5))).isEqualTo(Map.of("message", "Too many requests"));
        assertThat(cargo(ApiException.unavailable("Server busy, please retry", 1)))
                .isEqualTo(Map.of("message", "Service Unavailable"));
        assertThat(cargo(ApiException.payloadTooLarge())).isEqualTo(Map.of("message", "Payload Too Large"));
        assertThat(cargo(new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "x"))).isEqualTo(Map.of("message", "Unsupported Media Type"));
        assertThat(cargo(new ApiException(405, "METHOD_NOT_ALLOWED", "x"))).isEqualTo(Map.of("message", "Method Not Allowed"));
        assertThat(cargo(new ApiException(500, "INTERNAL_ERROR", "Internal server error")))
                .isEqualTo(Map.of("message", "Unexpected Error"));
    }

    @Test
    void strapiErrorsCarryTheStatusAsTheirCode() {
        assertThat(strapi(ApiException.validation("code", "must be a string")))
                .isEqualTo(Map.of("code", 400, "message", "Missing or invalid parameters"));
        assertThat(strapi(new ApiException(400, "INVALID_PROJECT_ID", "Invalid project ID format")))
                .isEqualTo(Map.of("code", 400, "message", "Missing or invalid parameters"));
        assertThat(strapi(Profile.error(400, "Passwords do not match")))
                .isEqualTo(Map.of("code", 400, "message", "Passwords do not match"));
        assertThat(strapi(ApiException.notFound("Not Found"))).isEqualTo(Map.of("code", 404, "message", "Not Found"));
        assertThat(strapi(ApiException.rateLimited(5))).isEqualTo(Map.of("code", 429, "message", "Too many requests"));
        assertThat(strapi(ApiException.unavailable("Service temporarily unavailable", 5)))
                .isEqualTo(Map.of("code", 503, "message", "Service Unavailable"));
        assertThat(strapi(new ApiException(500, "INTERNAL_ERROR", "Internal server error")))
                .isEqualTo(Map.of("code", 500, "message", "Internal Server Error"));
    }
}
