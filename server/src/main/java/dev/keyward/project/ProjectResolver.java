package dev.keyward.project;

import dev.keyward.http.HttpPipeline;
import dev.keyward.ratelimit.IpLimiter;
import io.javalin.http.Context;

/** For public endpoints: the project named in the request (400/404), after the per-IP limit (429). */
public final class ProjectResolver {
    private final ProjectService projects;
    private final IpLimiter ipLimiter;

    public ProjectResolver(ProjectService projects, IpLimiter ipLimiter) {
        this.projects = projects;
        this.ipLimiter = ipLimiter;
    }

    public Project resolve(Context ctx, String rawProjectId) {
        ProjectId id = ProjectId.parse(rawProjectId);
        Project project = projects.get(id);
        ipLimiter.check(id, HttpPipeline.clientIp(ctx));
        return project;
    }
}
