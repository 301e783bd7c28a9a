package dev.keyward.compat;

import dev.keyward.http.ApiException;
import dev.keyward.http.ErrorShape;
import dev.keyward.project.Project;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A seed-compatible endpoint profile: the paths of another API, its error body, and the project
 * setting that switches it on. Errors keep Keyward's status codes and headers; only the body
 * takes the other API's shape, with that API's words for Keyward's codes.
 */
public enum Profile {
    CARGO_EXTRA("cargoExtra", "/api/v1/user/", "Missing One or More Required Parameters", "Unexpected Error"),
    STRAPI("strapi", "/auth/", "Missing or invalid parameters", "Internal Server Error");

    /** An error whose message is already the profile's own words. */
    static final String OWN_WORDS = "PROFILE";

    private final String settingName;
    private final String pathPrefix;
    private final String invalidInput;
    private final String internalError;

    Profile(String settingName, String pathPrefix, String invalidInput, String internalError) {
        this.settingName = settingName;
        this.pathPrefix = pathPrefix;
        this.invalidInput = invalidInput;
        this.internalError = internalError;
    }

    /** The name in audit details and in the project's {@code compat} settings. */
    public String settingName() {
        return settingName;
    }

    public String pathPrefix() {
        return pathPrefix;
    }

    public boolean isOn(Project project) {
        return switch (this) {
            case CARGO_EXTRA -> project.compat().cargoExtra();
            case STRAPI -> project.compat().strapi();
        };
    }

    /** A 400 (or other status) whose message is written exactly as the profile's clients expect it. */
    static ApiException error(int status, String message) {
        return new ApiException(status, OWN_WORDS, message);
    }

    public ErrorShape shape() {
        return this == CARGO_EXTRA ? e -> Map.of("message", message(e)) : e -> strapiBody(e.status(), message(e));
    }

    private static Map<String, Object> strapiBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", status);
        body.put("message", message);
        return body;
    }

    String message(ApiException e) {
        return switch (e.code()) {
            case OWN_WORDS -> e.getMessage();
            case "VALIDATION_ERROR" -> invalidInput;
            case "INVALID_PROJECT_ID" -> this == CARGO_EXTRA ? e.getMessage() : invalidInput;
            case "NOT_FOUND", "PROJECT_NOT_FOUND" -> "Not Found";
            case "METHOD_NOT_ALLOWED" -> "Method Not Allowed";
            case "PAYLOAD_TOO_LARGE" -> "Payload Too Large";
            case "UNSUPPORTED_MEDIA_TYPE" -> "Unsupported Media Type";
            case "RATE_LIMITED" -> "Too many requests";
            case "UNAVAILABLE" -> "Service Unavailable";
            default -> e.status() >= 500 ? internalError : invalidInput;
        };
    }
}
