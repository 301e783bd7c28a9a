package dev.keyward.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The thread behind an outbox relay (mail, webhooks): runs a pass, then waits up to 250 ms or
 * until woken (a request committed new rows); a pass that reports more work runs again at once,
 * and a failed pass (database down) is retried after a second.
 */
public final class RelayLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);

    private final String name;
    private final BooleanSupplier pass;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    /** {@code pass} returns true when it left work that should not wait for the next poll. */
    public RelayLoop(String name, BooleanSupplier pass) {
        this.name = name;
        this.pass = pass;
    }

    public void wake() {
        wake.release();
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                if (!pass.getAsBoolean()) {
                    wake.tryAcquire(250, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("{} pass failed: {}", name, e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
