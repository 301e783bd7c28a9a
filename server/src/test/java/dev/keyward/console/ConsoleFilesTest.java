package dev.keyward.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sources keep to what its CSP promises: no inline script, style or handler, no
 * HTML built from strings, nothing loaded from elsewhere; and each file stays small enough to read.
 */
class ConsoleFilesTest {
    private static final Path DIR = Path.of("src/main/resources/console");

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.sorted().toList();
        }
    }

    @Test
    void thePageHasNoInlineScriptStyleOrHandler() throws IOException {
        String html = Files.readString(DIR.resolve("index.html"));
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContainPattern("<style")
                .doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=").doesNotContain("javascript:");
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void noModuleBuildsHtmlFromStringsOrEvaluatesCode() throws IOException {
        for (Path f : files()) {
            if (f.toString().endsWith(".js")) {
                assertThat(Files.readString(f)).as(f.toString())
                        .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                        .doesNotContain("document.write").doesNotContainPattern("\\beval\\(").doesNotContain("new Function")
                        .doesNotContain("localStorage").doesNotContain("document.cookie")
                        .doesNotContainPattern("(fetch|import)\\(\\s*['\"`]https?:");
            }
        }
    }

    @Test
    void everyFileIsAtMost250Lines() throws IOException {
        for (Path f : files()) {
            assertThat(Files.readAllLines(f)).as(f.toString()).hasSizeLessThanOrEqualTo(250);
        }
    }
}
