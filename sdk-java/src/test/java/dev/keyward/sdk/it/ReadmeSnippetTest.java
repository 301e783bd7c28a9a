package dev.keyward.sdk.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** README.md's SDK examples are exactly the compiled and tested code of ReadmeExample (with its imports) and WebhookReceiverExample. */
class ReadmeSnippetTest {
    @Test
    void theReadmeShowsTheReadmeExampleLineForLine() throws IOException {
        assertThat(assertTheReadmeShows("ReadmeExample.java")).contains("import dev.keyward.sdk.KeywardClient;");
    }

    @Test
    void theReadmeShowsTheWebhookReceiverExampleLineForLine() throws IOException {
        assertTheReadmeShows("WebhookReceiverExample.java");
    }

    /** Checks the README shows the example with its SDK imports; returns those imports. */
    private static String assertTheReadmeShows(String example) throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/dev/keyward/sdk/it/" + example));
        List<String> snippet = source.subList(indexOf(source, "// README:begin") + 1, indexOf(source, "// README:end"));
        assertThat(snippet).hasSizeGreaterThan(10);
        int indent = snippet.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElseThrow();
        String expected = snippet.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));

        // An app needs the example's imports of the SDK (the others are the test harness's).
        String imports = source.stream().filter(l -> l.startsWith("import dev.keyward.sdk.")).collect(Collectors.joining("\n"));
        assertThat(imports).startsWith("import dev.keyward.sdk.");

        String readme = Files.readString(Path.of("../README.md")).replace("\r\n", "\n");
        assertThat(readme).contains("```java\n" + imports + "\n\n" + expected + "\n```");
        return imports;
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker " + marker + " not found");
    }
}
