package dev.keyward.ops;

import dev.keyward.db.Database;
import dev.keyward.http.ApiException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Health, metrics and the API description. */
public final class OpsController {
    private final Database db;
    private final PrometheusMeterRegistry meters;
    private final byte[] openapi;

    public OpsController(Database db, PrometheusMeterRegistry meters) {
        this.db = db;
        this.meters = meters;
        JvmMetrics.bindTo(meters);
        this.openapi = load("/keyward/openapi.yaml");
    }

    public void routes(JavalinConfig config) {
        config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "ok")));
        config.routes.get("/health/ready", this::ready);
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
        config.routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openapi));
    }

    private void ready(Context ctx) {
        if (!db.isReachable()) {
            throw ApiException.unavailable("Database unreachable", 5);
        }
        ctx.json(Map.of("status", "ok"));
    }

    static byte[] load(String resource) {
        try (InputStream in = OpsController.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
