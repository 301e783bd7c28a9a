package dev.keyward.sdk.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyward.App;
import dev.keyward.config.Config;
import dev.keyward.config.Secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * A real Keyward server on an in-memory H2 database, started once per test JVM from the server
 * module's classes, sending its mail over SMTP to a GreenMail server; both on 127.0.0.1.
 * Test classes share it and isolate themselves by working in their own projects.
 */
final class LiveServer {
    static final String OPERATOR_TOKEN = "sdk-it-operator-token-0123456789";
    private static LiveServer shared;

    final GreenMail mail;
    final String baseUrl;
    private final App app;

    private LiveServer() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        String dataDir;
        try {
            dataDir = Files.createTempDirectory("keyward-sdk-it").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = Map.ofEntries(
                Map.entry("KEYWARD_PORT", "0"),
                Map.entry("KEYWARD_DB_URL", "jdbc:h2:mem:sdk" + UUID.randomUUID().toString().replace("-", "")
                        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"),
                Map.entry("KEYWARD_ADMIN_TOKEN", OPERATOR_TOKEN),
                Map.entry("KEYWARD_SECRET", "sdk-it-secret-0123456789abcdef0123456789abcdef"),
                Map.entry("KEYWARD_DATA_DIR", dataDir),
                Map.entry("KEYWARD_BCRYPT_COST", "4"),
                Map.entry("KEYWARD_SMTP_HOST", "127.0.0.1"),
                Map.entry("KEYWARD_SMTP_PORT", String.valueOf(mail.getSmtp().getPort())),
                Map.entry("KEYWARD_SMTP_SECURITY", "none"),
                Map.entry("KEYWARD_IP_LIMIT_PER_MINUTE", "100000"),
                Map.entry("KEYWARD_WEBHOOK_ALLOW_PRIVATE", "true"));
        SecureRandom random = new SecureRandom();
        Config config = Config.fromEnvironment(env);
        app = new App(config, Secrets.load(config, random), Clock.systemUTC(), random).start();
        baseUrl = "http://127.0.0.1:" + app.port();
    }

    static synchronized LiveServer shared() {
        if (shared == null) {
            LiveServer server = new LiveServer();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.app.close();
                server.mail.stop();
            }));
            shared = server;
        }
        return shared;
    }
}
