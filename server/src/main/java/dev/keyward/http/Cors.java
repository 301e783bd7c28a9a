package dev.keyward.http;

import dev.keyward.project.ProjectId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-origin access to the public auth endpoints, for the origins a project allows. No
 * credentials mode: tokens travel in headers and bodies, never in cookies. The admin endpoints
 * are never registered here, so they never answer cross-origin.
 */
public final class Cors {
    public static final int MAX_AGE_SECONDS = 600;
    static final String ALLOWED_HEADERS = "Content-Type, Authorization, X-Request-Id, X-Project-Id";
    static final String EXPOSED_HEADERS = "X-Request-Id, Retry-After";
    /** The project a public handler resolved, for the CORS decision on its answer. */
    static final String PROJECT = "keyward.project";

    /** Whether a page on {@code origin} may call this project, or with none, any project. */
    @FunctionalInterface
    public interface OriginPolicy {
        boolean allows(Optional<ProjectId> project, String origin);
    }

    private final OriginPolicy policy;
    private final Map<String, String> methodsByPath = new LinkedHashMap<>();

    public Cors(OriginPolicy policy) {
        this.policy = policy;
    }

    /** Opens a public endpoint to the allowed origins. */
    public Cors allow(String path, String methods) {
        methodsByPath.put(path, methods);
        return this;
    }

    public void install(JavalinConfig config) {
        methodsByPath.forEach((path, methods) -> {
            config.routes.options(path, ctx -> preflight(ctx, methods));
            config.routes.after(path, this::answer);
        });
    }

    private void preflight(Context ctx, String methods) {
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin != null && policy.allows(namedProject(ctx), origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Allow-Methods", methods);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", String.valueOf(MAX_AGE_SECONDS));
        }
        ctx.status(204);
    }

    private void answer(Context ctx) {
        if (ctx.method() == io.javalin.http.HandlerType.OPTIONS) {
            return;
        }
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        ProjectId resolved = ctx.attribute(PROJECT);
        Optional<ProjectId> project = resolved != null ? Optional.of(resolved) : namedProject(ctx);
        if (policy.allows(project, origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    /** The project a request names outside its body: ?projectId=, else X-Project-Id; a malformed one names none. */
    private static Optional<ProjectId> namedProject(Context ctx) {
        String raw = Optional.ofNullable(ctx.queryParam("projectId")).orElse(ctx.header("X-Project-Id"));
        if (raw == null || !raw.matches("[0-9a-f]{24}")) {
            return Optional.empty();
        }
        return Optional.of(new ProjectId(raw));
    }
}
