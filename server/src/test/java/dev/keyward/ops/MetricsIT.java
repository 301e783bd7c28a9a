package dev.keyward.ops;

import dev.keyward.support.Api;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.keyward.support.Fixtures.operator;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's list of metric series is what GET /metrics really serves. */
class MetricsIT {
    private static final Pattern SERIES = Pattern.compile("`((?:keyward|jvm|process|system)_[a-z0-9_]+)`");

    @Test
    void theReadmeNamesSeriesThatExistAndEveryKeywardSeries() throws Exception {
        Api api = TestServer.shared("h2").api;
        api.get("/api/admin/projects", operator());
        System.gc();
        Set<String> served = served(api);
        for (int i = 0; i < 100 && !served.contains("jvm_gc_pause_seconds_count"); i++) {
            Thread.sleep(50);
            served = served(api);
        }
        Set<String> listed = listedInReadme();
        assertThat(listed).contains("keyward_http_requests_seconds_count", "jvm_memory_used_bytes", "process_cpu_usage");
        assertThat(served).as("series the README lists").containsAll(listed);
        assertThat(served.stream().filter(s -> s.startsWith("keyward_")).toList()).as("keyward series the README must list")
                .isNotEmpty().allMatch(listed::contains);
        assertThat(api.get("/metrics").body())
                .contains("keyward_http_requests_seconds_count{method=\"GET\",route=\"/api/admin/projects\",status=\"200\"}");
    }

    /** Sample names, e.g. keyward_http_requests_seconds_count (comments and labels left out). */
    private static Set<String> served(Api api) {
        Set<String> names = new TreeSet<>();
        api.get("/metrics").body().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    private static Set<String> listedInReadme() throws IOException {
        String readme = Files.readString(TestServer.repoRoot().resolve("README.md"));
        String section = readme.substring(readme.indexOf("`GET /metrics` serves"), readme.indexOf("## Java SDK"));
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES.matcher(section);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
