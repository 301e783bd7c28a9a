package dev.keyward.project;

import dev.keyward.http.ApiException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A tenant: 24 lowercase hex characters, the first argument of every service call. */
public record ProjectId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{24}");

    public ProjectId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new ApiException(400, "INVALID_PROJECT_ID", "Invalid project ID format");
        }
    }

    public static ProjectId parse(String value) {
        return new ProjectId(value);
    }

    public static String newId(SecureRandom random) {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return value;
    }
}
