package dev.keyward.webhook;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A project's webhook endpoints: create (the secret is shown once), change, delete, rotate the secret, test, deliveries. */
public final class WebhookService {
    public static final int MAX_PER_PROJECT = 20;

    private final Jdbi jdbi;
    private final WebhookSecrets secrets;
    private final WebhookEvents events;
    private final EgressGuard guard;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    WebhookService(Jdbi jdbi, WebhookSecrets secrets, WebhookEvents events, EgressGuard guard, AuditLog audit, Clock clock,
                   SecureRandom random) {
        this.jdbi = jdbi;
        this.secrets = secrets;
        this.events = events;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /** Why the URL may not be a webhook target (the SSRF guard), or empty. */
    public Optional<String> urlProblem(String url) {
        return guard.problem(url);
    }

    public record Created(WebhookDao.Row webhook, String secret) { }

    public Created create(ProjectId project, String url, Collection<WebhookEventType> types, boolean enabled, RequestMeta meta) {
        String secret = WebhookSignature.newSecret(random);
        String id = ProjectId.newId(random);
        long now = clock.millis();
        WebhookDao.Row row = new WebhookDao.Row(id, project.value(), url, encode(types), enabled, secrets.seal(id, secret),
                null, null, 0, now, now);
        jdbi.useTransaction(h -> {
            WebhookDao dao = Daos.of(h, WebhookDao.class);
            dao.lockProject(project.value()).orElseThrow(ProjectService::notFound);
            if (dao.count(project.value()) >= MAX_PER_PROJECT) {
                throw ApiException.validation("webhooks", "a project has at most " + MAX_PER_PROJECT + " webhooks; delete one first");
            }
            dao.insert(row);
            subscriptionsChanged(dao, project);
            audit.record(h, project, "webhook.created", null, id, meta, describe(row));
        });
        return new Created(row, secret);
    }

    public List<WebhookDao.Row> list(ProjectId project) {
        return jdbi.withHandle(h -> Daos.of(h, WebhookDao.class).list(project.value()));
    }

    public WebhookDao.Row get(ProjectId project, String webhookId) {
        return jdbi.withHandle(h -> Daos.of(h, WebhookDao.class).find(project.value(), webhookId)).orElseThrow(WebhookService::notFound);
    }

    /** Absent values keep what is stored; re-enabling starts the failure count afresh. */
    public WebhookDao.Row update(ProjectId project, String webhookId, Optional<String> url,
                                 Optional<Collection<WebhookEventType>> types, Optional<Boolean> enabled, RequestMeta meta) {
        return jdbi.inTransaction(h -> {
            WebhookDao dao = Daos.of(h, WebhookDao.class);
            dao.lockProject(project.value()).orElseThrow(WebhookService::notFound);
            WebhookDao.Row w = dao.find(project.value(), webhookId).orElseThrow(WebhookService::notFound);
            WebhookDao.Row changed = new WebhookDao.Row(w.id(), w.projectId(), url.orElse(w.url()),
                    types.map(WebhookService::encode).orElse(w.events()), enabled.orElse(w.enabled()), w.secret(),
                    w.previousSecret(), w.previousSecretUntil(), w.failuresInARow(), w.createdAt(), clock.millis());
            dao.update(changed);
            subscriptionsChanged(dao, project);
            audit.record(h, project, "webhook.updated", null, webhookId, meta, describe(changed));
            return dao.find(project.value(), webhookId).orElseThrow();
        });
    }

    public void delete(ProjectId project, String webhookId, RequestMeta meta) {
        jdbi.useTransaction(h -> {
            WebhookDao dao = Daos.of(h, WebhookDao.class);
            dao.lockProject(project.value()).orElseThrow(WebhookService::notFound);
            if (dao.delete(project.value(), webhookId) == 0) {
                throw notFound();
            }
            subscriptionsChanged(dao, project);
            audit.record(h, project, "webhook.deleted", null, webhookId, meta, null);
        });
    }

    /** The new secret (shown once) and until when deliveries are also signed with the old one. */
    public record Rotated(String secret, long previousValidUntil) { }

    public Rotated rotateSecret(ProjectId project, String webhookId, RequestMeta meta) {
        String secret = WebhookSignature.newSecret(random);
        long now = clock.millis();
        long until = now + WebhookSecrets.ROTATION_OVERLAP_MILLIS;
        jdbi.useTransaction(h -> {
            WebhookDao dao = Daos.of(h, WebhookDao.class);
            WebhookDao.Row w = dao.find(project.value(), webhookId).orElseThrow(WebhookService::notFound);
            dao.rotate(project.value(), webhookId, secrets.seal(webhookId, secret), w.secret(), until, now);
            audit.record(h, project, "webhook.secret_rotated", null, webhookId, meta, "old secret valid 24 h");
        });
        return new Rotated(secret, until);
    }

    /** Queues a webhook.test event for this endpoint (sent even while it is disabled, to check a fixed receiver). */
    public DeliveryDao.View test(ProjectId project, String webhookId, RequestMeta meta) {
        return jdbi.inTransaction(h -> {
            Daos.of(h, WebhookDao.class).find(project.value(), webhookId).orElseThrow(WebhookService::notFound);
            long id = events.test(h, project, webhookId);
            audit.record(h, project, "webhook.tested", null, webhookId, meta, null);
            return Daos.of(h, DeliveryDao.class).find(project.value(), id).orElseThrow();
        });
    }

    public List<DeliveryDao.View> deliveries(ProjectId project, String webhookId, Long before, int limit) {
        get(project, webhookId);
        return jdbi.withHandle(h -> Daos.of(h, DeliveryDao.class).list(project.value(), webhookId, before, limit));
    }

    /** Deletes finished deliveries created before the given time (all projects); returns how many. */
    public int purgeDoneBefore(Handle h, long before) {
        return Daos.of(h, DeliveryDao.class).deleteDoneCreatedBefore(before);
    }

    static List<String> decode(String events) {
        return Arrays.stream(events.split(",")).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Stores on the project what its enabled webhooks now subscribe to. Called under the project
     * lock ({@link WebhookDao#lockProject}), so the list read here holds every change committed
     * before this one. A webhook the relay disables after failures leaves its events in place: a
     * superset only costs a fan-out statement that finds nothing, never a lost event.
     */
    private static void subscriptionsChanged(WebhookDao dao, ProjectId project) {
        dao.setProjectEvents(project.value(), encode(dao.list(project.value()).stream().filter(WebhookDao.Row::enabled)
                .flatMap(w -> decode(w.events()).stream())
                .flatMap(name -> WebhookEventType.subscribable(name).stream()).toList()));
    }

    private static String encode(Collection<WebhookEventType> types) {
        if (types.isEmpty()) {
            return "";
        }
        return EnumSet.copyOf(types).stream().map(WebhookEventType::wire).collect(Collectors.joining(",", ",", ","));
    }

    /** For the audit log: the events and the URL's host, never its path or query (which may hold a receiver's token). */
    private static String describe(WebhookDao.Row w) {
        String host = URI.create(w.url()).getHost();
        return "host " + host + ", events " + String.join(" ", decode(w.events())) + (w.enabled() ? "" : ", disabled");
    }

    static ApiException notFound() {
        return ApiException.notFound("Webhook not found");
    }
}
