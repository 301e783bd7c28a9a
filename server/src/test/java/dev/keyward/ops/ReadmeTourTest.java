package dev.keyward.ops;

import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's tour is docs/tour.sh verbatim, so what a reader copies is what TourIT runs. */
class ReadmeTourTest {
    @Test
    void theReadmeShowsDocsTourShVerbatim() throws IOException {
        String script = Files.readString(TestServer.repoRoot().resolve("docs/tour.sh"));
        String readme = Files.readString(TestServer.repoRoot().resolve("README.md"));
        assertThat(readme).contains("## A short tour").contains("```sh\n" + script + "```\n");
    }

    @Test
    void theTourNeedsNoJqPythonOrMacOsOpen() throws IOException {
        String script = Files.readString(TestServer.repoRoot().resolve("docs/tour.sh"));
        assertThat(script).startsWith("#!/usr/bin/env bash\n").contains("set -euo pipefail")
                .doesNotContainPattern("(?m)(^|[|(;&]\\s*)(jq|open|python3?|node)\\s");
    }
}
