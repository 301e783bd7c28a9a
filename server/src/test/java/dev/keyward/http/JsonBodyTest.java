package dev.keyward.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBodyTest {
    private static JsonBody parse(String json) {
        return JsonBody.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBodyWithoutContentLengthIsCutAt16KiBAndRefusedWith413() {
        byte[] big = ("{\"a\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonBody.parse(new ByteArrayInputStream(big)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void typesAreNeverCoercedAndEveryProblemIsReportedAtOnce() {
        JsonBody b = parse("{\"email\":[\"a\"],\"flag\":\"true\",\"n\":1.5,\"s\":\"ok\"}");
        assertThat(b.string("email")).isNull();
        assertThat(b.optionalBoolean("flag")).isEmpty();
        assertThat(b.optionalInt("n")).isEmpty();
        assertThat(b.string("s")).isEqualTo("ok");
        assertThat(b.string("missing")).isNull();
        assertThatThrownBy(b::check).isInstanceOfSatisfying(ApiException.class, e ->
                assertThat(e.details()).containsOnlyKeys("email", "flag", "n", "missing"));
    }

    @Test
    void controlCharactersAreRefusedButOrdinaryUnicodeIsNot() {
        assertThat(JsonBody.hasControlCharacters("caf\u00e9 \u2713 \ud83d\udd11")).isFalse();
        assertThat(JsonBody.hasControlCharacters("a\u0000")).isTrue();
        assertThat(JsonBody.hasControlCharacters("a\u0085")).isTrue();
        assertThat(JsonBody.hasControlCharacters("line\u2028sep")).isTrue();
    }
}
