package dev.keyward.webhook;

import dev.keyward.admin.AdminAuth;
import dev.keyward.http.ApiException;
import dev.keyward.http.JsonBody;
import dev.keyward.http.Message;
import dev.keyward.http.Requests;
import dev.keyward.project.ProjectService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** /api/admin/projects/{projectId}/webhooks: the operator or the project's admin key. */
final class WebhookController {
    private static final String BASE = "/api/admin/projects/{projectId}/webhooks";
    private static final int MAX_DELIVERIES = 100;

    private final WebhookService webhooks;
    private final ProjectService projects;
    private final AdminAuth auth;
    private final Clock clock;

    WebhookController(WebhookService webhooks, ProjectService projects, AdminAuth auth, Clock clock) {
        this.webhooks = webhooks;
        this.projects = projects;
        this.auth = auth;
        this.clock = clock;
    }

    void routes(JavalinConfig config) {
        config.routes.post(BASE, this::create);
        config.routes.get(BASE, this::list);
        config.routes.get(BASE + "/{webhookId}", this::get);
        config.routes.patch(BASE + "/{webhookId}", this::update);
        config.routes.delete(BASE + "/{webhookId}", this::delete);
        config.routes.post(BASE + "/{webhookId}/rotate-secret", this::rotate);
        config.routes.get(BASE + "/{webhookId}/deliveries", this::deliveries);
        config.routes.post(BASE + "/{webhookId}/test", this::test);
    }

    private void create(Context ctx) {
        AdminAuth.Authorized a = authorized(ctx);
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        String url = url(body, body.string("url"));
        Optional<Collection<WebhookEventType>> types = types(body);
        if (types.isEmpty() && !body.hasError("events")) {
            body.reject("events", "is required: one or more of " + WebhookEventType.subscribableNames());
        }
        boolean enabled = body.optionalBoolean("enabled").orElse(true);
        body.check();
        WebhookService.Created c = webhooks.create(a.id(), url, types.get(), enabled, Requests.meta(ctx, a.actor()));
        ctx.status(201).json(WebhookViews.Webhook.of(c.webhook(), clock.millis(), c.secret()));
    }

    private void list(Context ctx) {
        AdminAuth.Authorized a = authorized(ctx);
        long now = clock.millis();
        ctx.json(new WebhookViews.WebhookList(webhooks.list(a.id()).stream()
                .map(w -> WebhookViews.Webhook.of(w, now, null)).toList()));
    }

    private void get(Context ctx) {
        AdminAuth.Authorized a = authorized(ctx);
        ctx.json(WebhookViews.Webhook.of(webhooks.get(a.id(), webhookId(ctx)), clock.millis(), null));
    }

    private void update(Context ctx) {
        AdminAuth.Authorized a = authorized(ctx);
        String id = webhookId(ctx);
        JsonBody body = JsonBody.parse(ctx.bodyInputStream());
        Optional<String> url = body.optionalString("url").map(u -> url(body, u));
        Optional<Collection<WebhookEventType>> types = types(body);
        Optional<Boolean> enabled = body.optionalBoolean("enabled");
        body.check();
        ctx.json(WebhookViews.Webhook.of(webhooks.update(a.id(), id, url, types, enabled, Requests.meta(ctx, a.actor())),
                clock.millis(), null));
    }

    private void delete(Context ctx) {
        AdminAuth.Authorized a = authorized(ctx);
        webhooks.delete(a.id(), webhookId(ctx), Requests.meta(ctx, a.actor()));
        ctx.json(new Message("Webhook deleted"));
    }

    private void rotate(Context ctx) {
        AdminAuth.Authorized a = authorized(ctx);
        WebhookService.Rotated r = webhooks.rotateSecret(a.id(), webhookId(ctx), Requests.meta(ctx, a.actor()));
        ctx.json(new WebhookViews.Secret(r.secret(), WebhookViews.time(r.previousValidUntil())));
    }

    private void deliveries(Context ctx) {
        AdminAuth.Authorized a = authorized(ctx);
        String id = webhookId(ctx);
        int limit = Requests.intQuery(ctx, "limit", 50, 1, MAX_DELIVERIES);
        Long before = Requests.positiveLongQuery(ctx, "before");
        List<DeliveryDao.View> page = webhooks.deliveries(a.id(), id, before, limit);
        Long next = page.size() == limit ? page.get(page.size() - 1).id() : null;
        ctx.json(new WebhookViews.DeliveryPage(page.stream().map(WebhookViews.Delivery::of).toList(), next));
    }

    private void test(Context ctx) {
        AdminAuth.Authorized a = authorized(ctx);
        ctx.status(202).json(WebhookViews.Delivery.of(webhooks.test(a.id(), webhookId(ctx), Requests.meta(ctx, a.actor()))));
    }

    private AdminAuth.Authorized authorized(Context ctx) {
        AdminAuth.Authorized a = auth.authorize(ctx);
        projects.get(a.id());
        return a;
    }

    private static String webhookId(Context ctx) {
        String id = ctx.pathParam("webhookId");
        if (!id.matches("[0-9a-f]{24}")) {
            throw WebhookService.notFound();
        }
        return id;
    }

    /** The SSRF guard's reason becomes the field's 400 detail. */
    private String url(JsonBody body, String url) {
        if (url != null) {
            webhooks.urlProblem(url).ifPresent(reason -> body.reject("url", reason));
        }
        return url;
    }

    private static Optional<Collection<WebhookEventType>> types(JsonBody body) {
        Optional<List<String>> names = body.optionalStringList("events", 20);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        List<WebhookEventType> types = new ArrayList<>();
        for (String name : names.get()) {
            Optional<WebhookEventType> t = WebhookEventType.subscribable(name);
            if (t.isEmpty()) {
                body.reject("events", "unknown event type '" + name + "'; known: " + WebhookEventType.subscribableNames());
                return Optional.empty();
            }
            types.add(t.get());
        }
        if (types.isEmpty()) {
            body.reject("events", "must name at least one event type");
            return Optional.empty();
        }
        return Optional.of(types);
    }
}
