package dev.keyward.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The package phase builds the SDK's sources and Javadoc jars (which install and deploy attach), generated code included. */
class PackagingIT {
    private static List<String> entriesOf(String suffix) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("keyward-sdk-java-.+-" + suffix + "\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no keyward-sdk-java-*-" + suffix + ".jar in target/"));
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    @Test
    void theSourcesJarHoldsTheHandWrittenAndTheGeneratedSources() throws IOException {
        assertThat(entriesOf("sources")).contains("dev/keyward/sdk/KeywardClient.java", "dev/keyward/sdk/Transport.java",
                "dev/keyward/sdk/AuthApi.java", "dev/keyward/sdk/model/ConfirmPasswordResetRequest.java");
    }

    @Test
    void theJavadocJarDocumentsTheClientTheGeneratedApisAndTheirRecords() throws IOException {
        assertThat(entriesOf("javadoc")).contains("index.html", "dev/keyward/sdk/KeywardClient.html",
                "dev/keyward/sdk/OpsApi.html", "dev/keyward/sdk/model/DevMailbox.html");
    }
}
