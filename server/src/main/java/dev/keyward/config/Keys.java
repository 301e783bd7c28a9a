package dev.keyward.config;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Purpose-separated keys derived from the server secret, so that one MAC can never be replayed
 * as another (a token MAC as a code MAC, say). None of them is ever written to the database.
 */
public final class Keys {
    private final byte[] otpMac;
    private final byte[] passwordPepper;
    private final byte[] tokenMac;
    private final byte[] outboxEncryption;
    private final byte[] auditSubject;
    private final byte[] webhookSecretEncryption;
    private final byte[] smtpPassword;
    private final byte[] messageId;

    public Keys(String secret) {
        byte[] master = secret.getBytes(StandardCharsets.UTF_8);
        this.otpMac = hmac("HmacSHA256", master, "keyward/otp-mac/v1".getBytes(StandardCharsets.UTF_8));
        this.passwordPepper = hmac("HmacSHA256", master, "keyward/password-pepper/v1".getBytes(StandardCharsets.UTF_8));
        this.tokenMac = hmac("HmacSHA256", master, "keyward/token-mac/v1".getBytes(StandardCharsets.UTF_8));
        this.outboxEncryption = hmac("HmacSHA256", master, "keyward/outbox-aes-gcm/v1".getBytes(StandardCharsets.UTF_8));
        this.auditSubject = hmac("HmacSHA256", master, "keyward/audit-subject/v1".getBytes(StandardCharsets.UTF_8));
        this.webhookSecretEncryption = hmac("HmacSHA256", master, "keyward/webhook-secret-aes-gcm/v1".getBytes(StandardCharsets.UTF_8));
        this.smtpPassword = hmac("HmacSHA256", master, "keyward/smtp-password-aes-gcm/v1".getBytes(StandardCharsets.UTF_8));
        this.messageId = hmac("HmacSHA256", master, "keyward/message-id/v1".getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA-256 of a one-time code or token bound to its project, address and purpose. */
    public String otpMac(String projectId, String emailKey, String purpose, String code) {
        return hex(hmac("HmacSHA256", otpMac, (projectId + "|" + emailKey + "|" + purpose + "|" + code)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** MAC of a bearer token (session, refresh, verification link): looked up by this value. */
    public String tokenMac(String purpose, String token) {
        return hex(hmac("HmacSHA256", tokenMac, (purpose + "|" + token).getBytes(StandardCharsets.UTF_8)));
    }

    /** A stable keyed pseudonym of an address for the audit log, which never holds unknown raw emails. */
    public String auditSubject(String projectId, String emailKey) {
        return pseudonym(auditSubject, projectId + "|" + emailKey);
    }

    /**
     * The unique part of the Message-ID of an outbox row's mail: the same on every attempt, and
     * keyed, so recipients learn neither the row's id nor, from it, how much mail all tenants send.
     */
    public String messageId(String projectId, long outboxId) {
        return pseudonym(messageId, projectId + "|" + outboxId);
    }

    /** 32 hex digits (128 bits) of an HMAC-SHA-256 under one of the derived keys. */
    private static String pseudonym(byte[] key, String input) {
        return hex(hmac("HmacSHA256", key, input.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    public byte[] passwordPepper() {
        return passwordPepper.clone();
    }

    public byte[] outboxEncryptionKey() {
        return outboxEncryption.clone();
    }

    /** Seals webhook signing secrets at rest (they must stay usable, so they cannot be hashed). */
    public byte[] webhookSecretEncryptionKey() {
        return webhookSecretEncryption.clone();
    }

    /** Seals projects' SMTP passwords; never the outbox key, so one ciphertext cannot be opened as the other. */
    public byte[] smtpPasswordKey() {
        return smtpPassword.clone();
    }

    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "Keys[redacted]";
    }
}
