package dev.keyward.webhook;

import dev.keyward.config.Keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks' symmetric scheme: a secret is {@code whsec_} + base64 of random bytes, and a
 * signature is {@code v1,} + base64(HMAC-SHA256(secret bytes, id + "." + timestamp + "." + body)).
 * Message ids carry no "." (the spec asks for that, since "." separates the signed parts).
 */
public final class WebhookSignature {
    public static final String SECRET_PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;

    private WebhookSignature() {
    }

    public static String newSecret(SecureRandom random) {
        byte[] b = new byte[SECRET_BYTES];
        random.nextBytes(b);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(b);
    }

    /** A Standard Webhooks message id: {@code msg_} and 128 random bits, URL-safe base64 (no "."). */
    public static String newMessageId(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** One {@code v1,...} signature with {@code secret} (with or without the whsec_ prefix). */
    public static String sign(String secret, String messageId, long timestampSeconds, String body) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        byte[] mac = Keys.hmac("HmacSHA256", key,
                (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    /** The webhook-signature header: one signature per secret, space-separated (two while a rotation overlaps). */
    public static String header(List<String> secrets, String messageId, long timestampSeconds, String body) {
        return secrets.stream().map(s -> sign(s, messageId, timestampSeconds, body)).collect(Collectors.joining(" "));
    }
}
