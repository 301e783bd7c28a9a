package dev.keyward.compat;

import dev.keyward.http.ApiException;
import dev.keyward.http.HttpPipeline;
import dev.keyward.http.Requests;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectResolver;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * Which project a compat call is for. Those clients send no projectId in their bodies, so it is the
 * X-Project-Id header, else the projectId query parameter, else the server's KEYWARD_DEFAULT_PROJECT.
 * A value that is present but malformed is 400 and never falls back to the next source.
 */
public final class CompatProjects {
    private final ProjectResolver resolver;
    private final Optional<String> defaultProject;

    public CompatProjects(ProjectResolver resolver, Optional<String> defaultProject) {
        this.resolver = resolver;
        this.defaultProject = defaultProject;
    }

    /** The project, after the per-IP limit; 404 when it has this profile off. */
    public Project resolve(Context ctx, Profile profile) {
        String raw = Optional.ofNullable(ctx.header("X-Project-Id"))
                .or(() -> Optional.ofNullable(ctx.queryParam("projectId")))
                .or(() -> defaultProject)
                .orElseThrow(() -> ApiException.validation("projectId", "is required"));
        Project project = Requests.project(ctx, resolver, raw);
        if (!profile.isOn(project)) {
            throw ApiException.notFound("Not Found");
        }
        return project;
    }
}
