package dev.keyward.project;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.config.RandomTokens;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.webhook.WebhookEvents;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Tenants: creation, settings, OTP policy and admin keys. */
public final class ProjectService {
    public static final int DEFAULT_PASSWORD_MIN_LENGTH = 8;

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random;
    private final AuditLog audit;
    private final WebhookEvents webhooks;
    private final ProjectCache cache;

    public ProjectService(Jdbi jdbi, Clock clock, SecureRandom random, AuditLog audit, WebhookEvents webhooks) {
        this.jdbi = jdbi;
        this.cache = new ProjectCache(jdbi);
        this.clock = clock;
        this.random = random;
        this.audit = audit;
        this.webhooks = webhooks;
    }

    /** A new project and its admin key; the key is returned only here and stored only as a hash. */
    public record Created(Project project, String adminKey) { }

    public Created create(String name, boolean requireEmailVerification, RequestMeta meta) {
        Project p = new Project(ProjectId.newId(random), name, requireEmailVerification, DEFAULT_PASSWORD_MIN_LENGTH,
                null, null, null, null, OtpPolicy.DEFAULT, CompatProfiles.NONE,
                AllowedOrigins.NONE, RegistrationMode.CONFLICT, clock.millis(), "en", "");
        String key = newAdminKey();
        jdbi.useTransaction(h -> {
            Daos.of(h, ProjectDao.class).insert(p, hashKey(key));
            audit.record(h, p.projectId(), "project.created", null, null, meta, null);
        });
        return new Created(p, key);
    }

    public Project get(ProjectId id) {
        return find(id).orElseThrow(ProjectService::notFound);
    }

    public Optional<Project> find(ProjectId id) {
        return jdbi.withHandle(h -> Daos.of(h, ProjectDao.class).find(id.value()));
    }

    /**
     * For public requests: the project as of the settings version the request read from its row
     * (in the per-IP counter's statement), from memory when this process already read that version.
     */
    public Project current(ProjectId id, long settingsVersion) {
        return cache.current(id, settingsVersion).orElseThrow(ProjectService::notFound);
    }

    public List<Project> list() {
        return jdbi.withHandle(h -> Daos.of(h, ProjectDao.class).list());
    }

    public Project updateSettings(ProjectId id, java.util.function.UnaryOperator<Project> change, RequestMeta meta) {
        return jdbi.inTransaction(h -> {
            ProjectDao dao = Daos.of(h, ProjectDao.class);
            Project before = dao.find(id.value()).orElseThrow(ProjectService::notFound);
            Project after = change.apply(before);
            dao.updateSettings(after);
            audit.record(h, id, "project.updated", null, null, meta, before.compat().equals(after.compat())
                    ? null : "compat from " + before.compat() + " to " + after.compat());
            return after;
        });
    }

    public OtpPolicy updateOtpPolicy(ProjectId id, OtpPolicy policy, RequestMeta meta) {
        OtpPolicy.Problems problems = policy.problems();
        if (!problems.isEmpty()) {
            ApiException e = ApiException.validation(problems.details());
            throw problems.tooWeak().isPresent() ? e.withMessage(OtpPolicy.TOO_WEAK) : e;
        }
        return jdbi.inTransaction(h -> {
            ProjectDao dao = Daos.of(h, ProjectDao.class);
            OtpPolicy before = dao.find(id.value()).orElseThrow(ProjectService::notFound).otpPolicy();
            dao.updateOtpPolicy(id.value(), policy);
            audit.record(h, id, "policy.changed", null, null, meta, "from " + before + " to " + policy);
            webhooks.otpPolicyUpdated(h, id, policy, meta.actor());
            return policy;
        });
    }

    public String rotateAdminKey(ProjectId id, RequestMeta meta) {
        String key = newAdminKey();
        jdbi.useTransaction(h -> {
            ProjectDao dao = Daos.of(h, ProjectDao.class);
            dao.find(id.value()).orElseThrow(ProjectService::notFound);
            dao.updateAdminKey(id.value(), hashKey(key));
            audit.record(h, id, "admin_key.rotated", null, null, meta, null);
        });
        return key;
    }

    /** Which project an admin key belongs to, if any. */
    public Optional<ProjectId> projectOfAdminKey(String key) {
        return jdbi.withHandle(h -> Daos.of(h, ProjectDao.class).projectOfAdminKey(hashKey(key))).map(ProjectId::new);
    }

    /**
     * Whether a browser page on {@code origin} may call the public endpoints: of this project, or,
     * for a preflight that names none, of any project.
     */
    public boolean allowsOrigin(Optional<ProjectId> project, String origin) {
        if (project.isPresent()) {
            return find(project.get()).map(p -> p.allowedOrigins().allows(origin)).orElse(false);
        }
        if (AllowedOrigins.problem(origin).isPresent()) {
            return false;
        }
        return jdbi.withHandle(h -> Daos.of(h, ProjectDao.class).countAllowingOrigin("% " + origin + " %")) > 0;
    }

    public static ApiException notFound() {
        return new ApiException(404, "PROJECT_NOT_FOUND", "Project not found");
    }

    private String newAdminKey() {
        return "kwk_" + RandomTokens.next(random);
    }

    static String hashKey(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
