package dev.keyward.ops;

import dev.keyward.db.Database;
import dev.keyward.http.ApiException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Health, metrics and the API description. */
public final class OpsController {
    private final Database db;
    private final PrometheusMeterRegistry meters;
    private final byte[] openapi;

    public OpsController(Database db, PrometheusMeterRegistry meters, String publicUrl) {
        this.db = db;
        this.meters = meters;
        JvmMetrics.bindTo(meters);
        this.openapi = withServer(load("/keyward/openapi.yaml"), publicUrl);
    }

    /** The served spec names this server (KEYWARD_PUBLIC_URL), so /docs and generated clients call it, not the default port. */
    static byte[] withServer(byte[] spec, String publicUrl) {
        String yaml = new String(spec, StandardCharsets.UTF_8);
        String replaced = yaml.replaceFirst("(?m)^servers:\\n  - url: \\S+$",
                "servers:\n  - url: " + java.util.regex.Matcher.quoteReplacement(publicUrl));
        if (replaced.equals(yaml) && !yaml.contains("  - url: " + publicUrl + "\n")) {
            throw new IllegalStateException("openapi.yaml has no 'servers:' entry to point at " + publicUrl);
        }
        return replaced.getBytes(StandardCharsets.UTF_8);
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
