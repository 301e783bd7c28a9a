package dev.keyward.config;

import java.security.SecureRandom;
import java.util.Base64;

/** Bearer secrets (session, reset and verification tokens, admin keys): 256 random bits, URL-safe. */
public final class RandomTokens {
    private static final int BYTES = 32;

    private RandomTokens() {
    }

    public static String next(SecureRandom random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
