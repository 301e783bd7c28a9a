package dev.keyward.ops;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The served openapi.yaml names the server's own public URL, so /docs and generated clients call it. */
class ServedSpecTest {
    @Test
    void theServersEntryIsThePublicUrl() throws Exception {
        byte[] spec = Files.readAllBytes(Path.of("..", "openapi.yaml"));
        String served = new String(OpsController.withServer(spec, "https://auth.example.com"), StandardCharsets.UTF_8);
        assertThat(served).contains("servers:\n  - url: https://auth.example.com\n").doesNotContain("localhost:9000\n");
        String onPort = new String(OpsController.withServer(spec, "http://localhost:19000"), StandardCharsets.UTF_8);
        assertThat(onPort).contains("servers:\n  - url: http://localhost:19000\n");
        assertThat(served.length() - "https://auth.example.com".length())
                .isEqualTo(spec.length - "http://localhost:9000".length());
    }
}
