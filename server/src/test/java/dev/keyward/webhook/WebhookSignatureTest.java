package dev.keyward.webhook;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The signer against the Standard Webhooks spec's published test vector. */
class WebhookSignatureTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String PAYLOAD = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecsTestVectorToItsPublishedSignature() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
        assertThat(WebhookSignature.header(List.of(SECRET), ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
    }

    @Test
    void duringARotationTheHeaderCarriesBothSignaturesSpaceSeparatedNewestFirst() {
        String fresh = WebhookSignature.newSecret(new SecureRandom());
        String header = WebhookSignature.header(List.of(fresh, SECRET), ID, TIMESTAMP, PAYLOAD);
        assertThat(header.split(" ")).containsExactly(WebhookSignature.sign(fresh, ID, TIMESTAMP, PAYLOAD), SIGNATURE);
    }

    @Test
    void secretsAreWhsecAndThirtyTwoRandomBytesAndMessageIdsHoldNoDot() {
        SecureRandom random = new SecureRandom();
        String secret = WebhookSignature.newSecret(random);
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret(random)).isNotEqualTo(secret);
        for (int i = 0; i < 100; i++) {
            assertThat(WebhookSignature.newMessageId(random)).matches("msg_[A-Za-z0-9_-]{22}");
        }
    }
}
