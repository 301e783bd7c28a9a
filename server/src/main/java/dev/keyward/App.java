package dev.keyward;

import dev.keyward.admin.AdminAuth;
import dev.keyward.admin.AdminUserController;
import dev.keyward.admin.MailController;
import dev.keyward.admin.TemplateController;
import dev.keyward.audit.AuditQuery;
import dev.keyward.admin.ProjectController;
import dev.keyward.audit.AuditLog;
import dev.keyward.compat.CargoController;
import dev.keyward.compat.CompatProjects;
import dev.keyward.compat.Profile;
import dev.keyward.compat.StrapiController;
import dev.keyward.config.Config;
import dev.keyward.config.ConfigException;
import dev.keyward.config.Keys;
import dev.keyward.config.Secrets;
import dev.keyward.console.ConsoleController;
import dev.keyward.db.Database;
import dev.keyward.db.Janitor;
import dev.keyward.http.ClientIp;
import dev.keyward.http.Cors;
import dev.keyward.http.HttpPipeline;
import dev.keyward.http.Json;
import dev.keyward.mail.BuiltinTemplates;
import dev.keyward.mail.DeadLetters;
import dev.keyward.mail.DevMailbox;
import dev.keyward.mail.DevMailboxController;
import dev.keyward.mail.MailComposer;
import dev.keyward.mail.MailTransport;
import dev.keyward.mail.Outbox;
import dev.keyward.mail.OutboxRelay;
import dev.keyward.mail.ProjectSmtpService;
import dev.keyward.mail.SecretBox;
import dev.keyward.mail.SmtpTester;
import dev.keyward.mail.SmtpTransport;
import dev.keyward.mail.TemplateRenderer;
import dev.keyward.mail.TemplateService;
import dev.keyward.ops.DocsController;
import dev.keyward.ops.OpsController;
import dev.keyward.otp.CodeGenerator;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectResolver;
import dev.keyward.project.ProjectService;
import dev.keyward.ratelimit.IpLimiter;
import dev.keyward.ratelimit.LoginThrottle;
import dev.keyward.ratelimit.AddressLimits;
import dev.keyward.ratelimit.TokenGuessBudget;
import dev.keyward.reset.ResetCompletion;
import dev.keyward.reset.ResetController;
import dev.keyward.reset.ResetService;
import dev.keyward.reset.TokenResets;
import dev.keyward.session.SessionService;
import dev.keyward.user.AuthController;
import dev.keyward.user.BcryptPool;
import dev.keyward.user.LoginService;
import dev.keyward.user.PasswordHasher;
import dev.keyward.user.PasswordPolicy;
import dev.keyward.user.UserService;
import dev.keyward.verify.VerifyController;
import dev.keyward.verify.VerifyService;
import dev.keyward.webhook.Webhooks;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;

/** Wires Keyward together from its configuration; tests build it with their own clock and secrets. */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Database db;
    private final BcryptPool bcrypt;
    private final OutboxRelay relay;
    private final Janitor janitor;
    private final Webhooks webhooks;
    private final DevMailbox devMailbox;
    private final Javalin javalin;

    public App(Config config, Secrets secrets, Clock clock, SecureRandom random) {
        this.config = config;
        if (config.bcryptCost() < 10) {
            LOG.warn("KEYWARD_BCRYPT_COST={} is below the recommended minimum of 10; use it only for tests", config.bcryptCost());
        }
        var mapper = Json.mapper();
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.db = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
        var jdbi = db.jdbi();
        var keys = new Keys(secrets.secret());
        var audit = new AuditLog(clock);
        this.webhooks = new Webhooks(jdbi, keys, audit, config.webhookAllowPrivate(), clock, random);
        var projects = new ProjectService(jdbi, clock, random, audit, webhooks.events());
        config.defaultProject().ifPresent(id -> requireProject(projects, id));
        this.bcrypt = new BcryptPool(config.bcryptThreads());
        io.micrometer.core.instrument.FunctionCounter.builder("keyward_bcrypt_operations", bcrypt, BcryptPool::completed)
                .description("bcrypt hashes and verifications computed").register(meters);
        io.micrometer.core.instrument.FunctionCounter.builder("keyward_bcrypt_refused", bcrypt, BcryptPool::refused)
                .description("bcrypt requests refused with 503 because the queue was too long").register(meters);
        var hasher = new PasswordHasher(keys, config.bcryptCost(), bcrypt, random);
        var sessions = new SessionService(jdbi, keys, clock, random);
        var codes = new OtpCodes(db.isPostgres());
        var limits = new AddressLimits(db.isPostgres());
        var outbox = new Outbox(new SecretBox(keys.outboxEncryptionKey(), random), clock);
        var verify = new VerifyService(jdbi, keys, clock, random, codes, limits, outbox, audit, config.publicUrl(),
                webhooks.events());
        var throttle = new LoginThrottle(limits);
        var users = new UserService(jdbi, clock, random, hasher, new PasswordPolicy(), sessions, verify, outbox, audit, codes,
                webhooks.events());
        var logins = new LoginService(jdbi, keys, clock, hasher, sessions, audit, throttle, webhooks.events());
        var completion = new ResetCompletion(jdbi, clock, codes, limits, users, sessions, throttle, outbox, audit,
                webhooks.events());
        var resets = new ResetService(jdbi, keys, clock, random, new CodeGenerator(random), codes, limits, outbox, audit,
                hasher, users, completion, config.publicUrl(), webhooks.events(), db.isPostgres());
        var guessBudget = new TokenGuessBudget(jdbi, limits, config.tokenFailuresPerNetworkPerHour(),
                config.tokenFailuresPerProjectPerHour());
        var tokenResets = new TokenResets(jdbi, keys, clock, codes, limits, guessBudget, audit, hasher, users, completion);
        var ipLimiter = new IpLimiter(jdbi, clock, config.ipLimitPerMinute(), db.isPostgres());
        var resolver = new ProjectResolver(projects, ipLimiter);
        this.devMailbox = config.devMailbox() ? new DevMailbox(clock) : null;
        var projectSmtp = new ProjectSmtpService(jdbi, new SecretBox(keys.smtpPasswordKey(), random), audit, clock);
        var templates = new TemplateService(jdbi, new BuiltinTemplates(), new TemplateRenderer(), audit, clock,
                config.publicUrl());
        MailTransport transport = config.smtp().<MailTransport>map(s -> new SmtpTransport(s, config.smtpTimeoutMillis(),
                config.smtpConnectionsPerServer())).orElse(devMailbox);
        var composer = new MailComposer(templates, config.mailFrom(), config.publicUrl(), keys);
        this.relay = new OutboxRelay(jdbi, outbox, templates, composer, transport, projects, projectSmtp, codes, audit,
                clock, random, db.isPostgres(), new OutboxRelay.Settings(config.smtpTimeoutMillis(),
                        config.smtpConnectionsPerServer(), config.smtpAllowPrivate(), config.smtp().orElse(null),
                        config.mailLeaseMillis()));

        this.janitor = new Janitor(jdbi, clock, codes, limits, outbox, ipLimiter, sessions, webhooks.service());
        var pipeline = new HttpPipeline(mapper, clock, random, meters, new ClientIp(config.trustedProxies()));
        pipeline.allowLargerBodies(TemplateController.PATHS, TemplateController.MAX_BODY_BYTES);
        for (Profile profile : Profile.values()) {
            pipeline.shapeErrors(profile.pathPrefix(), profile.shape());
        }
        var compatProjects = new CompatProjects(resolver, config.defaultProject());
        var cargoController = new CargoController(compatProjects, resets, tokenResets);
        var cors = publicEndpoints(new Cors(projects::allowsOrigin));
        var strapiController = new StrapiController(compatProjects, resets, tokenResets);
        var adminAuth = new AdminAuth(secrets.adminToken(), projects);
        var ops = new OpsController(db, meters, config.publicUrl());
        var projectController = new ProjectController(projects, adminAuth);
        var authController = new AuthController(users, logins, sessions, resolver);
        var resetController = new ResetController(resets, resolver);
        var verifyController = new VerifyController(verify, resolver);
        var adminUserController = new AdminUserController(projects, users, new AuditQuery(jdbi), adminAuth);
        var mailController = new MailController(projects, projectSmtp, new SmtpTester(jdbi, projectSmtp, limits, audit, clock,
                config.smtpTimeoutMillis(), config.smtpAllowPrivate()), new DeadLetters(jdbi, outbox, codes, audit, clock),
                adminAuth, config.smtpAllowPrivate());
        var templateController = new TemplateController(projects, templates, adminAuth);
        this.javalin = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            pipeline.install(cfg);
            cors.install(cfg);
            ops.routes(cfg);
            new DocsController().routes(cfg);
            new ConsoleController().routes(cfg);
            projectController.routes(cfg);
            authController.routes(cfg);
            resetController.routes(cfg);
            verifyController.routes(cfg);
            adminUserController.routes(cfg);
            mailController.routes(cfg);
            templateController.routes(cfg);
            cargoController.routes(cfg);
            strapiController.routes(cfg);
            webhooks.routes(cfg, projects, adminAuth);
            if (devMailbox != null) {
                new DevMailboxController(devMailbox).routes(cfg);
            }
        });
    }

    /** The endpoints a browser app calls, open to each project's allowed origins; never the admin API. */
    private static Cors publicEndpoints(Cors cors) {
        for (String path : new String[] {"/api/auth/local/register", "/api/auth/local/login", "/api/auth/refresh",
                "/api/auth/local/logout", "/api/auth/local/password-reset", "/api/auth/local/password-reset/confirm",
                "/api/auth/local/password-reset/verify", "/api/auth/verify-email", "/api/auth/resend-verification",
                "/api/v1/user/forgot-password", "/api/v1/user/confirm-otp-reset", "/api/v1/user/password-reset",
                "/auth/forgot-password", "/auth/reset-password"}) {
            cors.allow(path, "POST");
        }
        return cors.allow("/api/auth/local/session", "GET").allow("/api/auth/local/otp-policy", "GET");
    }

    /** KEYWARD_DEFAULT_PROJECT must name a project that exists: a typo would otherwise 404 every compat call. */
    private void requireProject(ProjectService projects, String id) {
        if (projects.find(new ProjectId(id)).isEmpty()) {
            db.close();
            throw new ConfigException("KEYWARD_DEFAULT_PROJECT names no existing project (" + id + ")");
        }
    }

    public App start() {
        relay.start();
        webhooks.start();
        janitor.start(config.janitorIntervalSeconds());
        javalin.start(config.port());
        return this;
    }

    public int port() {
        return javalin.port();
    }

    public Database database() {
        return db;
    }

    public Janitor janitor() {
        return janitor;
    }

    public OutboxRelay relay() {
        return relay;
    }

    @Override
    public void close() {
        javalin.stop();
        relay.close();
        webhooks.close();
        janitor.close();
        bcrypt.close();
        db.close();
    }
}
