package dev.keyward.project;

import dev.keyward.db.Daos;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projects this process serves, kept in memory for the public endpoints. Every change to a
 * project's row bumps its {@code settings_version}; a public request reads that number in the
 * statement that counts its per-IP hit, and {@link #current} reuses what it holds only if it was
 * read at that version or later. So a change committed through any server process applies to the
 * next request in every process, and there is no invalidation message that could be lost; what
 * is saved is reading and mapping the whole row on every request.
 */
final class ProjectCache {
    /** Past this many projects in one process the cache starts over (each entry is a few hundred bytes). */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(long version, Project project) { }

    private final Jdbi jdbi;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    ProjectCache(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The project as of {@code version} or later; empty if it no longer exists. */
    Optional<Project> current(ProjectId id, long version) {
        Entry held = entries.get(id.value());
        if (held != null && held.version() >= version) {
            return Optional.of(held.project());
        }
        return jdbi.withHandle(h -> Daos.of(h, ProjectDao.class).findVersioned(id.value())).map(read -> {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            // Two requests may reload at once: the entry read at the later version stays.
            entries.merge(id.value(), new Entry(read.settingsVersion(), read.project()),
                    (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
            return read.project();
        });
    }
}
