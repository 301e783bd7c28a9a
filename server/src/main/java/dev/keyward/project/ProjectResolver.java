package dev.keyward.project;

import dev.keyward.ratelimit.IpLimiter;

/** For public endpoints: the project named in the request (400/404), after the per-IP limit (429). */
public final class ProjectResolver {
    private final ProjectService projects;
    private final IpLimiter ipLimiter;

    public ProjectResolver(ProjectService projects, IpLimiter ipLimiter) {
        this.projects = projects;
        this.ipLimiter = ipLimiter;
    }

    public Project resolve(String rawProjectId, String clientIp) {
        ProjectId id = ProjectId.parse(rawProjectId);
        Project project = projects.get(id);
        ipLimiter.check(id, clientIp);
        return project;
    }
}
