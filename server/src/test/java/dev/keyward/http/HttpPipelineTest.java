package dev.keyward.http;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log's duration reads as it did with String.format("%.1f"). */
class HttpPipelineTest {
    @Test
    void tenthsOfAMillisecondReadWithOneDecimal() {
        assertThat(HttpPipeline.tenths(0)).isEqualTo("0.0");
        assertThat(HttpPipeline.tenths(7)).isEqualTo("0.7");
        assertThat(HttpPipeline.tenths(123)).isEqualTo("12.3");
        assertThat(HttpPipeline.tenths(120_000)).isEqualTo("12000.0");
        for (long t = 0; t < 2_000; t += 37) {
            assertThat(HttpPipeline.tenths(t)).isEqualTo(String.format(Locale.ROOT, "%.1f", t / 10.0));
        }
    }
}
