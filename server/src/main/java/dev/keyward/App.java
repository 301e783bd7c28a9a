package dev.keyward;

import dev.keyward.admin.AdminAuth;
import dev.keyward.admin.ProjectController;
import dev.keyward.audit.AuditLog;
import dev.keyward.config.Config;
import dev.keyward.config.Secrets;
import dev.keyward.db.Database;
import dev.keyward.http.ClientIp;
import dev.keyward.http.HttpPipeline;
import dev.keyward.http.Json;
import dev.keyward.ops.OpsController;
import dev.keyward.project.ProjectService;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.security.SecureRandom;
import java.time.Clock;

/** Wires Keyward together from its configuration; tests build it with their own clock and secrets. */
public final class App implements AutoCloseable {
    private final Config config;
    private final Database db;
    private final Javalin javalin;

    public App(Config config, Secrets secrets, Clock clock, SecureRandom random) {
        this.config = config;
        var mapper = Json.mapper();
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.db = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), 16);
        var audit = new AuditLog(clock);
        var projects = new ProjectService(db.jdbi(), clock, random, audit);
        var adminAuth = new AdminAuth(secrets.adminToken(), projects);
        var pipeline = new HttpPipeline(mapper, clock, random, meters, new ClientIp(config.trustedProxies()));
        var ops = new OpsController(db, meters);
        var projectController = new ProjectController(projects, adminAuth);
        this.javalin = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            pipeline.install(cfg);
            ops.routes(cfg);
            projectController.routes(cfg);
        });
    }

    public App start() {
        javalin.start(config.port());
        return this;
    }

    public int port() {
        return javalin.port();
    }

    public Database database() {
        return db;
    }

    @Override
    public void close() {
        javalin.stop();
        db.close();
    }
}
