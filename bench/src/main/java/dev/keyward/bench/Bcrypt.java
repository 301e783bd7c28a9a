package dev.keyward.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.mindrot.jbcrypt.BCrypt;

/** B: jBCrypt at cost 10, the server's setting for the benchmark. */
final class Bcrypt {
    static final int COST = 10;
    /** 64 characters, like the server's pre-hash of a password. */
    private static final String PREHASH = "kZ3YJ0e1x0oQ0bb6VZcXq8m2sJ2m0wqk5m3c7Zt0rW4PqWcU2N9eVb1k9u9Xr3Ql";

    private Bcrypt() { }

    /** A plain bcrypt hash at cost 10, as the admin import API takes it. */
    static String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(COST));
    }

    /** Hashes per second over about {@code seconds}, one thread per core. */
    static double rate(double seconds) throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        AtomicLong last = new AtomicLong();
        Load.parallelPlain(threads, () -> {
            while (System.nanoTime() < deadline) {
                BCrypt.hashpw(PREHASH, BCrypt.gensalt(COST));
                done.incrementAndGet();
            }
            last.accumulateAndGet(System.nanoTime(), Math::max);
        });
        return done.get() / ((last.get() - start) / 1e9);
    }
}
