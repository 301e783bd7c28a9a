package dev.keyward.http;

import dev.keyward.audit.RequestMeta;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectResolver;
import io.javalin.http.Context;

/** What handlers read from a request besides its body: who is asking, and required query parameters. */
public final class Requests {
    private Requests() {
    }

    /** Client IP and request id of a public call, for audit and rate limits. */
    public static RequestMeta meta(Context ctx) {
        return meta(ctx, null);
    }

    /** The same for an admin call made by {@code actor}. */
    public static RequestMeta meta(Context ctx, String actor) {
        return new RequestMeta(HttpPipeline.clientIp(ctx), HttpPipeline.requestId(ctx), actor, ctx.header("Accept-Language"));
    }

    /**
     * The project a public call names, after its per-IP limit; remembered for the CORS decision
     * on the answer, which depends on the project's allowed origins.
     */
    public static Project project(Context ctx, ProjectResolver resolver, String rawProjectId) {
        Project project = resolver.resolve(rawProjectId, HttpPipeline.clientIp(ctx));
        ctx.attribute(Cors.PROJECT, project.projectId());
        return project;
    }

    /** A query parameter that must be present and not blank, else 400 naming it. */
    public static String requiredQuery(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            throw ApiException.validation(name, "is required");
        }
        return raw;
    }

    /** An optional whole-number query parameter between min and max, else 400 naming it. */
    public static int intQuery(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw ApiException.validation(name, "must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.validation(name, "must be a whole number");
        }
    }

    /** An optional positive whole-number query parameter (a paging cursor), else 400 naming it. */
    public static Long positiveLongQuery(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return null;
        }
        try {
            long v = Long.parseLong(raw);
            if (v < 1) {
                throw ApiException.validation(name, "must be positive");
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.validation(name, "must be a whole number");
        }
    }
}
