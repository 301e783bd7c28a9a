package dev.keyward;

import dev.keyward.config.Config;
import dev.keyward.config.ConfigException;
import dev.keyward.config.Secrets;
import dev.keyward.ops.HeapTrim;
import dev.keyward.ops.LogSetup;
import io.javalin.util.JavalinBindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;

/** Starts Keyward from environment variables; with none set it runs on H2 with a dev mailbox. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        try {
            Config config = Config.fromEnvironment(System.getenv());
            SecureRandom random = new SecureRandom();
            Secrets secrets = Secrets.load(config, random);
            App app = new App(config, secrets, Clock.systemUTC(), random);
            try {
                app.start();
            } catch (JavalinBindException e) {
                app.close();
                System.err.println("keyward: cannot listen on port " + config.port() + ": " + bindProblem(e)
                        + "; stop the process that holds it or set KEYWARD_PORT to a free port");
                System.exit(1);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                LogSetup.stop();
            }, "keyward-shutdown"));
            if (secrets.adminTokenGenerated()) {
                System.out.println();
                System.out.println("  Operator token (shown once, kept in " + secrets.adminTokenFile() + "):");
                System.out.println("    " + secrets.adminToken());
                System.out.println("  Create a project:");
                System.out.println("    curl -X POST localhost:" + app.port() + "/api/admin/projects -H 'Authorization: Bearer "
                        + secrets.adminToken() + "' -H 'Content-Type: application/json' -d '{\"name\":\"My app\"}'");
                System.out.println();
            }
            LOG.info("Keyward listening on port {} ({}) in {} ms", app.port(), config,
                    (System.nanoTime() - started) / 1_000_000);
            HeapTrim.afterStart();
        } catch (ConfigException e) {
            System.err.println("keyward: configuration error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The operating system's reason ("Address already in use", "Permission denied"), not Javalin's guess. */
    static String bindProblem(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return reason.equals("Address already in use") ? "it is already in use" : reason;
    }
}
