package dev.keyward.webhook;

import dev.keyward.mail.SecretBox;

import java.util.ArrayList;
import java.util.List;

/**
 * Signing secrets at rest, sealed with AES-GCM under a key derived from KEYWARD_SECRET and bound
 * to their endpoint, and the secrets a delivery is signed with: the current one and, for 24 hours
 * after a rotation, the previous one too.
 */
final class WebhookSecrets {
    static final long ROTATION_OVERLAP_MILLIS = 24 * 3_600_000L;

    private final SecretBox box;

    WebhookSecrets(SecretBox box) {
        this.box = box;
    }

    String seal(String webhookId, String secret) {
        return box.seal(secret, associatedData(webhookId));
    }

    String open(String webhookId, String sealed) {
        return box.open(sealed, associatedData(webhookId));
    }

    List<String> signingSecrets(WebhookDao.Row w, long now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(open(w.id(), w.secret()));
        if (w.previousSecret() != null && w.previousSecretUntil() != null && w.previousSecretUntil() > now) {
            secrets.add(open(w.id(), w.previousSecret()));
        }
        return secrets;
    }

    private static String associatedData(String webhookId) {
        return "webhook-secret|" + webhookId;
    }
}
