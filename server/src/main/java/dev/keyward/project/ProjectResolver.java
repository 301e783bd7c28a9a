package dev.keyward.project;

import dev.keyward.ratelimit.IpLimiter;

/**
 * For public endpoints: the project named in the request (400/404), then the per-IP limit (429).
 * Both come from one statement: the per-IP counter also reads the project's settings version,
 * and the settings themselves come from memory unless that version is new to this process.
 */
public final class ProjectResolver {
    private final ProjectService projects;
    private final IpLimiter ipLimiter;

    public ProjectResolver(ProjectService projects, IpLimiter ipLimiter) {
        this.projects = projects;
        this.ipLimiter = ipLimiter;
    }

    public Project resolve(String rawProjectId, String clientIp) {
        ProjectId id = ProjectId.parse(rawProjectId);
        long settingsVersion = ipLimiter.check(id, clientIp).orElseThrow(ProjectService::notFound);
        return projects.current(id, settingsVersion);
    }
}
