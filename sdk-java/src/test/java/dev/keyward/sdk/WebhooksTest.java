package dev.keyward.sdk;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Webhooks.verify against the Standard Webhooks spec's published test vector and its libraries' test scenarios. */
class WebhooksTest {
    // From standard-webhooks/libraries (the sign test every language shares).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String PAYLOAD = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Clock AT_TIMESTAMP = Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC);

    private static Map<String, List<String>> headers(String id, String timestamp, String signature) {
        Map<String, List<String>> h = new HashMap<>();
        if (id != null) {
            h.put("webhook-id", List.of(id));
        }
        if (timestamp != null) {
            h.put("webhook-timestamp", List.of(timestamp));
        }
        if (signature != null) {
            h.put("webhook-signature", List.of(signature));
        }
        return h;
    }

    private static Map<String, List<String>> valid() {
        return headers(ID, String.valueOf(TIMESTAMP), SIGNATURE);
    }

    @Test
    void signingReproducesTheSpecsPublishedSignature() {
        assertThat(Webhooks.sign(SECRET, ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
        assertThat(Webhooks.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
    }

    @Test
    void theSpecsVectorVerifiesWithOrWithoutTheSecretPrefixAndWithHeadersInAnyCase() {
        assertThatCode(() -> Webhooks.verify(SECRET, valid(), PAYLOAD, AT_TIMESTAMP)).doesNotThrowAnyException();
        assertThatCode(() -> Webhooks.verify("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", valid(), PAYLOAD, AT_TIMESTAMP))
                .doesNotThrowAnyException();
        Map<String, List<String>> mixed = Map.of("Webhook-Id", List.of(ID), "WEBHOOK-TIMESTAMP", List.of(String.valueOf(TIMESTAMP)),
                "webhook-SIGNATURE", List.of(SIGNATURE));
        assertThatCode(() -> Webhooks.verify(SECRET, mixed, PAYLOAD, AT_TIMESTAMP)).doesNotThrowAnyException();
    }

    @Test
    void oneMatchingV1SignatureAmongSeveralIsEnoughAsDuringASecretRotation() {
        String several = String.join(" ", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
                "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", SIGNATURE, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=");
        assertThatCode(() -> Webhooks.verify(SECRET, headers(ID, String.valueOf(TIMESTAMP), several), PAYLOAD, AT_TIMESTAMP))
                .doesNotThrowAnyException();

        String newSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String both = Webhooks.sign(newSecret, ID, TIMESTAMP, PAYLOAD) + " " + SIGNATURE;
        for (String secret : List.of(SECRET, newSecret)) {
            assertThatCode(() -> Webhooks.verify(secret, headers(ID, String.valueOf(TIMESTAMP), both), PAYLOAD, AT_TIMESTAMP))
                    .as("the old and the new secret both verify while both signatures are sent").doesNotThrowAnyException();
        }
    }

    @Test
    void missingHeadersOtherVersionsMalformedAndWrongSignaturesAreRefused() {
        String ts = String.valueOf(TIMESTAMP);
        for (Map<String, List<String>> h : List.of(headers(null, ts, SIGNATURE), headers(ID, null, SIGNATURE), headers(ID, ts, null),
                headers(ID, ts, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), headers(ID, ts, "invalid_signature"),
                headers(ID, ts, "v1,invalid_signature"), headers(ID, ts, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd"),
                headers(ID, "hello", SIGNATURE), headers("msg_other", ts, SIGNATURE))) {
            assertThatThrownBy(() -> Webhooks.verify(SECRET, h, PAYLOAD, AT_TIMESTAMP)).as(h.toString())
                    .isInstanceOf(WebhookVerificationException.class);
        }
        assertThatThrownBy(() -> Webhooks.verify(SECRET, valid(), "{\"test\": 2432232315}", AT_TIMESTAMP))
                .as("a changed body").isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> Webhooks.verify("whsec_", valid(), PAYLOAD, AT_TIMESTAMP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampsMoreThanFiveMinutesOffAreRefusedAndFiveMinutesIsAccepted() {
        for (long offset : List.of(-301L, 301L)) {
            Clock clock = Clock.offset(AT_TIMESTAMP, java.time.Duration.ofSeconds(-offset));
            assertThatThrownBy(() -> Webhooks.verify(SECRET, valid(), PAYLOAD, clock)).as("offset " + offset)
                    .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("webhook-timestamp");
        }
        for (long offset : List.of(-300L, 300L)) {
            Clock clock = Clock.offset(AT_TIMESTAMP, java.time.Duration.ofSeconds(-offset));
            assertThatCode(() -> Webhooks.verify(SECRET, valid(), PAYLOAD, clock)).doesNotThrowAnyException();
        }
    }
}
