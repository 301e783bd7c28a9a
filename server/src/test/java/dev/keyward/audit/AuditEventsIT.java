package dev.keyward.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static dev.keyward.support.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: the events endpoint knows its types, and its ids and cursors tell a tenant nothing about other tenants. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class AuditEventsIT {
    @Parameter
    String db;
    Api api;

    @BeforeEach
    void setUp() {
        api = TestServer.shared(db).api;
    }

    private List<Long> ids(Fixtures.CreatedProject p, String query) {
        Resp r = api.get("/api/admin/projects/" + p.id() + "/events" + query, key(p.adminKey()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        r.json().get("events").forEach(e -> ids.add(e.get("id").asLong()));
        return ids;
    }

    private void rename(Fixtures.CreatedProject p, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(api.patch("/api/admin/projects/" + p.id(), Map.of("name", "Renamed " + i), key(p.adminKey())).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void anUnknownEventTypeIs400NamingTheTypesAndAKnownOneFilters() {
        var p = Fixtures.project(api, true);
        Resp unknown = api.get("/api/admin/projects/" + p.id() + "/events?type=reset.finished", key(p.adminKey()));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(unknown.json().get("details").get("type").asText()).contains("reset.completed", "project.created");
        assertThat(api.get("/api/admin/projects/" + p.id() + "/events?type=", key(p.adminKey())).status()).isEqualTo(400);
        Resp created = api.get("/api/admin/projects/" + p.id() + "/events?type=project.created", key(p.adminKey()));
        assertThat(created.json().get("events").findValuesAsText("type")).containsExactly("project.created");
    }

    @Test
    void eventIdsCountOnlyTheProjectsOwnEventsWhateverOtherProjectsDo() {
        var a = Fixtures.project(api, true);
        rename(a, 1);
        var b = Fixtures.project(api, true);
        rename(b, 7);
        rename(a, 1);
        assertThat(ids(a, "")).containsExactly(3L, 2L, 1L);
        assertThat(ids(b, "")).containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        rename(b, 3);
        rename(a, 1);
        assertThat(ids(a, "")).as("events recorded after a read get the next numbers").containsExactly(4L, 3L, 2L, 1L);
    }

    @Test
    void beforePagesBackThroughTheNumbersWithoutGapsOrRepeats() {
        var p = Fixtures.project(api, true);
        rename(p, 6);
        List<Long> seen = new ArrayList<>();
        String query = "?limit=3";
        for (int page = 0; page < 5; page++) {
            Resp r = api.get("/api/admin/projects/" + p.id() + "/events" + query, key(p.adminKey()));
            r.json().get("events").forEach(e -> seen.add(e.get("id").asLong()));
            JsonNode next = r.json().get("nextBefore");
            if (next == null) {
                break;
            }
            assertThat(next.asLong()).isEqualTo(seen.get(seen.size() - 1));
            query = "?limit=3&before=" + next.asLong();
        }
        assertThat(seen).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(ids(p, "?type=project.updated&before=4")).containsExactly(3L, 2L);
    }

    @Test
    void readersAndWritersAtOnceStillNumberEveryEventOnce() throws Exception {
        var p = Fixtures.project(api, true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        rename(p, 1);
                        ids(p, "?limit=1");
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids(p, "?limit=200")).containsExactlyElementsOf(LongStream.rangeClosed(1, 21).map(n -> 22 - n).boxed().toList());
    }
}
