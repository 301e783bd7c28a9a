package dev.keyward.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyward.App;
import dev.keyward.config.Config;
import dev.keyward.config.Secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real Keyward servers for integration tests: one per database kind per JVM, shared by all test
 * classes (each test works in its own project, which is what tenancy guarantees), sending mail
 * over SMTP to one GreenMail server.
 */
public final class TestServer {
    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";
    public static final String SECRET = "test-secret-0123456789abcdef0123456789abcdef";
    private static final Map<String, TestServer> SHARED = new ConcurrentHashMap<>();
    private static GreenMail greenMail;

    public final App app;
    public final Api api;
    public final MutableClock clock;
    public final String dbUrl;
    public final String kind;

    private TestServer(String kind, Map<String, String> extraEnv) {
        this.kind = kind;
        this.clock = new MutableClock();
        this.dbUrl = TestDatabases.freshUrl(kind);
        Map<String, String> env = new HashMap<>();
        env.put("KEYWARD_PORT", "0");
        env.put("KEYWARD_DB_URL", dbUrl);
        env.put("KEYWARD_ADMIN_TOKEN", OPERATOR_TOKEN);
        env.put("KEYWARD_SECRET", SECRET);
        env.put("KEYWARD_BCRYPT_COST", "4");
        env.put("KEYWARD_SMTP_HOST", "127.0.0.1");
        env.put("KEYWARD_SMTP_PORT", String.valueOf(greenMail().getSmtp().getPort()));
        env.put("KEYWARD_SMTP_SECURITY", "none");
        env.put("KEYWARD_IP_LIMIT_PER_MINUTE", "100000");
        // Webhook receivers in tests listen on loopback; WebhookSsrfIT starts a server without this.
        env.put("KEYWARD_WEBHOOK_ALLOW_PRIVATE", "true");
        // Projects' own SMTP servers in tests are GreenMail instances on 127.0.0.1.
        env.put("KEYWARD_SMTP_ALLOW_PRIVATE", "true");
        try {
            env.put("KEYWARD_DATA_DIR", Files.createTempDirectory("keyward-test").toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        env.putAll(extraEnv);
        env.values().removeIf(v -> v == null);
        Config config = Config.fromEnvironment(env);
        this.app = new App(config, Secrets.load(config, new SecureRandom()), clock, new SecureRandom()).start();
        this.api = new Api("http://127.0.0.1:" + app.port());
    }

    /** The shared server on this database kind ("h2" or "postgres"). */
    public static TestServer shared(String kind) {
        return SHARED.computeIfAbsent(kind, k -> {
            TestServer s = new TestServer(k, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        });
    }

    /** A dedicated server with extra environment; the caller closes it. */
    public static TestServer dedicated(String kind, Map<String, String> extraEnv) {
        return new TestServer(kind, extraEnv);
    }

    public static synchronized GreenMail greenMail() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
        }
        return greenMail;
    }

    public void close() {
        app.close();
        if (kind.equals("postgres")) {
            TestDatabases.dropPostgres(dbUrl);
        }
    }

    public static Path repoRoot() {
        return Path.of("..").toAbsolutePath().normalize();
    }
}
