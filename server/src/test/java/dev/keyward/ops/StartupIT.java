package dev.keyward.ops;

import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: starting a second server where one already runs fails with one line that says what
 * is in the way and exits, instead of blaming a variable that was never set or printing a stack trace.
 * Runs the real jar in its own JVM: H2 lets one process open a database file, any number of threads in it.
 */
class StartupIT {
    private static final Path JAR = Path.of("target/keyward-server.jar");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) { }

    private Run server(Map<String, String> env) throws Exception {
        assertThat(JAR).as("the shaded jar, built by mvn package").exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("KEYWARD_"));
        pb.environment().put("KEYWARD_SECRET", TestServer.SECRET);
        pb.environment().put("KEYWARD_ADMIN_TOKEN", TestServer.OPERATOR_TOKEN);
        pb.environment().put("KEYWARD_BCRYPT_COST", "4");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the second server started instead of refusing: " + Files.readString(dir.resolve("out.txt")));
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void aSecondServerOnTheSameDataDirectorySaysTheDirectoryIsInUse() throws Exception {
        Path dataDir = Files.createDirectory(dir.resolve("data"));
        Map<String, String> env = new HashMap<>();
        env.put("KEYWARD_DB_URL", null);
        env.put("KEYWARD_DATA_DIR", dataDir.toString());
        TestServer first = TestServer.dedicated("h2", env);
        try {
            Run second = server(Map.of("KEYWARD_DATA_DIR", dataDir.toString(), "KEYWARD_PORT", "0"));
            assertThat(second.exit()).isEqualTo(2);
            assertThat(second.err()).isEqualTo("keyward: configuration error: The data directory " + dataDir.toAbsolutePath()
                    + " is in use: another process (a Keyward server?) has its database keyward.mv.db open. Stop that"
                    + " server, or give this one its own KEYWARD_DATA_DIR.\n");
            assertThat(second.err() + second.out()).doesNotContain("KEYWARD_DB_URL").doesNotContain("\tat ");
        } finally {
            first.close();
        }
    }

    @Test
    void aBusyPortIsOneLineOnStderrAndExitCode1NotAStackTrace() throws Exception {
        int port = URI.create(TestServer.shared("h2").api.base()).getPort();
        Run second = server(Map.of("KEYWARD_PORT", String.valueOf(port), "KEYWARD_DATA_DIR", dir.resolve("data").toString(),
                "KEYWARD_DB_URL", "jdbc:h2:mem:busy;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"));
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).isEqualTo("keyward: cannot listen on port " + port
                + ": it is already in use; stop the process that holds it or set KEYWARD_PORT to a free port\n");
        assertThat(second.out()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * The README's start command: bin/keyward runs the jar with KEYWARD_JAVA_OPTS and glibc's
     * arenas limited, is the server process itself (exec, so signals reach it), and passes the
     * environment through.
     */
    @Test
    void theLauncherStartsTheJarWithItsJvmOptions() throws Exception {
        Path launcher = Path.of("../bin/keyward").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("KEYWARD_"));
        pb.environment().put("KEYWARD_JAR", JAR.toAbsolutePath().toString());
        pb.environment().put("KEYWARD_JAVA_OPTS", "-Dkeyward.launcher.test=yes");
        pb.environment().put("KEYWARD_PORT", "0");
        pb.environment().put("KEYWARD_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("KEYWARD_SECRET", TestServer.SECRET);
        pb.environment().put("KEYWARD_ADMIN_TOKEN", TestServer.OPERATOR_TOKEN);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("out.txt")).contains("Keyward listening on port")) {
                assertThat(p.isAlive()).as("server exited: " + Files.readString(dir.resolve("err.txt"))).isTrue();
                assertThat(System.nanoTime()).as("server did not start in 60 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
            assertThat(cmdline.split(" ")[0]).as("exec'd java, not a shell that waits for it").endsWith("java");
            assertThat(cmdline).contains("-Dkeyward.launcher.test=yes", "-jar " + JAR.toAbsolutePath()).doesNotContain("bash");
            assertThat(Files.readString(Path.of("/proc/" + p.pid() + "/environ")).split("\0"))
                    .as("glibc arenas limited").contains("MALLOC_ARENA_MAX=2");
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("SIGTERM stops the server").isTrue();
        }
    }
}
