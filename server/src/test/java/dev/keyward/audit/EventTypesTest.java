package dev.keyward.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyward.project.ProjectId;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit event types are one list: EventTypes, which openapi.yaml documents and AuditLog enforces. */
class EventTypesTest {
    @Test
    void openapiDocumentsExactlyTheTypesTheServerRecords() throws IOException {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(TestServer.repoRoot().resolve("openapi.yaml").toFile());
        List<String> documented = new ArrayList<>();
        spec.at("/components/schemas/AuditEventType/enum").forEach(v -> documented.add(v.asText()));
        assertThat(documented).containsExactlyElementsOf(EventTypes.ALL);
        assertThat(EventTypes.ALL).doesNotHaveDuplicates().allMatch(t -> t.length() <= 40, "fits audit_events.type");
    }

    @Test
    void aTypeOutsideTheListIsNeverRecorded() {
        AuditLog log = new AuditLog(Clock.systemUTC());
        assertThatThrownBy(() -> log.record(null, new ProjectId("685ad30be129932fbb7a1047"), "reset.finished", null, null,
                RequestMeta.internal(), null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EventTypes");
        assertThat(EventTypes.isKnown("reset.completed")).isTrue();
        assertThat(EventTypes.isKnown("Reset.Completed")).isFalse();
        assertThat(EventTypes.isKnown(null)).isFalse();
    }
}
