package dev.keyward.sdk;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Verifies webhooks from Keyward as the Standard Webhooks spec says: the {@code webhook-signature}
 * header holds one or more space-separated signatures ({@code v1,} + base64 HMAC-SHA256 of
 * {@code webhook-id + "." + webhook-timestamp + "." + body} with the secret's bytes; two while a
 * secret rotation overlaps), compared in constant time, and {@code webhook-timestamp} must be
 * within 5 minutes of now, so a captured request cannot be replayed later.
 *
 * <pre>{@code
 * Webhooks.verify(secret, headers, body);   // throws WebhookVerificationException; then parse body
 * }</pre>
 *
 * Pass the body exactly as received (the raw bytes as UTF-8), never a re-serialised JSON, and
 * use {@code webhook-id} as an idempotency key: a delivery may arrive more than once.
 */
public final class Webhooks {
    public static final String SECRET_PREFIX = "whsec_";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private Webhooks() {
    }

    /** Verifies against the current time. Header names are matched case-insensitively. */
    public static void verify(String secret, Map<String, List<String>> headers, String body) {
        verify(secret, headers, body, Clock.systemUTC());
    }

    public static void verify(String secret, Map<String, List<String>> headers, String body, Clock clock) {
        byte[] key = key(secret);
        String id = header(headers, "webhook-id");
        String timestamp = header(headers, "webhook-timestamp");
        String signatures = header(headers, "webhook-signature");
        if (id == null || timestamp == null || signatures == null || body == null) {
            throw new WebhookVerificationException("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp is not a whole number of seconds");
        }
        long now = clock.millis() / 1000;
        if (sentAt < now - TOLERANCE.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp is too old");
        }
        if (sentAt > now + TOLERANCE.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp is too far in the future");
        }
        byte[] expected = hmac(key, id + "." + timestamp + "." + body);
        for (String versioned : signatures.trim().split(" +")) {
            int comma = versioned.indexOf(',');
            if (comma < 0 || !versioned.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(versioned.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new WebhookVerificationException("no signature matches");
    }

    /** The {@code v1,...} signature Keyward would send; for tests of a receiver. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), id + "." + timestampSeconds + "." + body));
    }

    private static byte[] key(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("the webhook secret is required");
        }
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret is not whsec_ followed by base64", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        return key;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
