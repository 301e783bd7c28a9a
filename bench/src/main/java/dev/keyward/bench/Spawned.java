package dev.keyward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server process the driver starts itself for {@code --peers} (a fresh Keyward, Keycloak), timed
 * from spawn to its first ready answer; and the /proc and psql helpers around it. A shutdown hook
 * stops its whole process tree if the driver is stopped first (bench/run's cleanup sends TERM).
 */
final class Spawned implements AutoCloseable {
    private final Process process;
    private final long spawnedAt;
    private final Thread hook;

    private Spawned(Process process, long spawnedAt) {
        this.process = process;
        this.spawnedAt = spawnedAt;
        this.hook = new Thread(this::stopTree, "stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code command} in {@code dir} with exactly {@code env} (nothing inherited but PATH,
     * HOME and LANG), output to {@code log}.
     */
    static Spawned start(List<String> command, Map<String, String> env, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().retainAll(List.of("PATH", "HOME", "LANG"));
        e.putAll(env);
        long t = System.nanoTime();
        return new Spawned(pb.start(), t);
    }

    /**
     * Polls {@code GET path} on the loopback port every 50 ms until it answers 200; returns the
     * seconds from spawn to that answer. Fails if the process exits or {@code timeoutSeconds} pass.
     */
    double awaitReady(int port, String path, int timeoutSeconds) throws Exception {
        long end = spawnedAt + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process " + process.pid() + " exited with " + process.exitValue());
            }
            try (Conn c = new Conn(port)) {
                if (c.get(path).status() == 200) {
                    return (System.nanoTime() - spawnedAt) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not ready on port " + port + path + " within " + timeoutSeconds + " s");
    }

    /** The JVM of this process tree: the process itself, or (a script such as kc.sh) its java child. */
    long javaPid() {
        ProcessHandle self = process.toHandle();
        if (isJava(self)) {
            return self.pid();
        }
        Optional<ProcessHandle> child = self.descendants().filter(Spawned::isJava).findFirst();
        return child.map(ProcessHandle::pid).orElseThrow(() -> new IllegalStateException("no java process under " + self.pid()));
    }

    private static boolean isJava(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** VmRSS of a process in MB (MiB), from /proc; NaN if it cannot be read. */
    static double rssMb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return Double.NaN;
    }

    /** Stops a process this driver did not start (bench/run's server): TERM, then KILL after 20 s. */
    static void stopPid(long pid) throws InterruptedException {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent()) {
            stop(List.of(h.get()));
        }
    }

    private static void stop(List<ProcessHandle> handles) throws InterruptedException {
        handles.forEach(ProcessHandle::destroy);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle h : handles) {
            while (h.isAlive() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    /** TERM to the process and every descendant (the java child first), KILL what is left after 20 s. */
    private void stopTree() {
        List<ProcessHandle> tree = new ArrayList<>(process.toHandle().descendants().toList());
        tree.add(process.toHandle());
        try {
            stop(tree);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Override
    public void close() {
        stopTree();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** Runs one SQL statement with psql against the {@code postgres} database (PG* from bench/run). */
    static void psql(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-q", "-X", "-d", "postgres", "-c", sql)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("psql failed: " + sql);
        }
    }
}
