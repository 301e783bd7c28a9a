package dev.keyward.admin;

import dev.keyward.http.ApiException;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectService;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Operator bearer token for everything; a project's X-API-Key for that one project only. */
public final class AdminAuth {
    public static final String OPERATOR = "operator";
    public static final String ADMIN_KEY = "admin-key";

    private final byte[] operatorTokenDigest;
    private final ProjectService projects;

    public AdminAuth(String operatorToken, ProjectService projects) {
        this.operatorTokenDigest = digest(operatorToken);
        this.projects = projects;
    }

    public String requireOperator(Context ctx) {
        if (isOperator(ctx)) {
            return OPERATOR;
        }
        if (ctx.header("X-API-Key") != null && projects.projectOfAdminKey(ctx.header("X-API-Key")).isPresent()) {
            throw ApiException.forbidden("This operation needs the operator token");
        }
        throw ApiException.unauthorized("Operator token required");
    }

    /** The project named in the path and who may act on it. */
    public record Authorized(ProjectId id, String actor) { }

    /**
     * Parses the path's project id, then authorises; the caller loads the project. So a malformed
     * id is 400, a foreign key 403 and a missing project (for the operator) 404.
     */
    public Authorized authorize(Context ctx) {
        ProjectId id = ProjectId.parse(ctx.pathParam("projectId"));
        return new Authorized(id, requireProject(ctx, id));
    }

    /** The actor allowed on this project, or a 401/403. */
    public String requireProject(Context ctx, ProjectId project) {
        if (isOperator(ctx)) {
            return OPERATOR;
        }
        String key = ctx.header("X-API-Key");
        if (key == null || key.isBlank() || key.length() > 200) {
            throw ApiException.unauthorized("Operator token or project admin key required");
        }
        Optional<ProjectId> owner = projects.projectOfAdminKey(key);
        if (owner.isEmpty()) {
            throw ApiException.unauthorized("Invalid admin key");
        }
        if (!owner.get().equals(project)) {
            throw ApiException.forbidden("This admin key is not valid for this project");
        }
        return ADMIN_KEY;
    }

    private boolean isOperator(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(operatorTokenDigest, digest(auth.substring(7).trim()));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
