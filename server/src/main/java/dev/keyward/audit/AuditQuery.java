package dev.keyward.audit;

import dev.keyward.db.Daos;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Reads a project's audit log, newest first, paged by event number. The number (shown as the
 * event's id) counts that project's events only: before reading, the events recorded since the
 * last read get the next numbers, in the order they were recorded.
 */
public final class AuditQuery {
    private final Jdbi jdbi;

    public AuditQuery(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Event(long id, String type, String userId, String subject, String ip, String requestId, String actor,
                        String detail, String createdAt) {
        /** A row of audit_events, whose created_at is epoch milliseconds. */
        @JdbiConstructor
        public static Event fromRow(long id, String type, String userId, String subject, String ip, String requestId,
                                    String actor, String detail, long createdAt) {
            return new Event(id, type, userId, subject, ip, requestId, actor, detail,
                    Instant.ofEpochMilli(createdAt).toString());
        }
    }

    public List<Event> list(ProjectId project, String type, Long before, int limit) {
        return jdbi.inTransaction(h -> {
            AuditDao dao = Daos.of(h, AuditDao.class);
            number(dao, project.value());
            return dao.list(project.value(), type, before, limit);
        });
    }

    private static void number(AuditDao dao, String projectId) {
        dao.createSequence(projectId);
        long last = dao.lockSequence(projectId);
        List<Long> ids = dao.unnumbered(projectId);
        if (ids.isEmpty()) {
            return;
        }
        List<Long> numbers = LongStream.rangeClosed(last + 1, last + ids.size()).boxed().toList();
        dao.number(projectId, ids, numbers);
        dao.advanceSequence(projectId, last + ids.size());
    }
}
