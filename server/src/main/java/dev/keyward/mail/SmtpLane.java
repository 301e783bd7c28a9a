package dev.keyward.mail;

import org.simplejavamail.api.email.Email;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mail of one SMTP server: its own kept-open connections and a few sender threads, and a
 * bounded number of rows waiting for them. A server that is down, slow or black-holed ties up only
 * its own lane; the relay stops claiming rows for a full lane and gives back rows it cannot take.
 * While the server keeps failing, one mail at a time probes it and the others are given back
 * untried (they wait in the table) instead of each waiting out a timeout here.
 */
final class SmtpLane implements AutoCloseable {
    private final String name;
    private final MailTransport transport;
    private final int concurrency;
    private final int queue;
    private final int claimSize;
    private final Runnable onRoom;
    private final ThreadPoolExecutor senders;
    /** Rows this lane holds: waiting for a sender or being sent. */
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean failing;
    private volatile long lastUsedMillis = System.currentTimeMillis();

    SmtpLane(String name, MailTransport transport, int concurrency, int claimSize, Runnable onRoom) {
        this.name = name;
        this.transport = transport;
        this.concurrency = concurrency;
        this.queue = 2 * claimSize;
        this.claimSize = claimSize;
        this.onRoom = onRoom;
        AtomicInteger seq = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "mail-" + name + "-" + seq.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        senders.allowCoreThreadTimeOut(true);
    }

    String name() {
        return name;
    }

    /** Takes a row's delivery if the lane has room, else false (the caller gives the row back). */
    boolean offer(Runnable delivery) {
        if (held.incrementAndGet() > room()) {
            held.decrementAndGet();
            return false;
        }
        lastUsedMillis = System.currentTimeMillis();
        senders.execute(() -> {
            try {
                delivery.run();
            } finally {
                int after = held.decrementAndGet();
                if (saturatedAt(after + 1) && !saturatedAt(after)) {
                    onRoom.run();
                }
            }
        });
        return true;
    }

    /**
     * Sends, unless the server has been failing and another mail is already probing it: then
     * false, without sending. A failure marks the server failing; a success clears it.
     */
    boolean send(Email email) throws Exception {
        boolean probe = failing;
        if (probe && !probing.compareAndSet(false, true)) {
            return false;
        }
        try {
            transport.send(email);
            failing = false;
            return true;
        } catch (Exception e) {
            failing = true;
            throw e;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    /** Whether a mail would be given back now: the server is failing and a probe is out. */
    boolean holdingBack() {
        return failing && probing.get();
    }

    /** Whether the relay should leave this lane's projects out of its next claim. */
    boolean saturated() {
        return saturatedAt(held.get());
    }

    /** A healthy lane is full when a whole claim would not fit; a failing one while its probe is out. */
    private boolean saturatedAt(int rows) {
        return failing ? rows >= 1 : rows > concurrency + queue - claimSize;
    }

    private int room() {
        return failing ? 1 : concurrency + queue;
    }

    /** How long a row this lane could not take waits in the table before it is claimed again. */
    long giveBackMillis() {
        return failing ? 1_000 : 250;
    }

    boolean idleSince(long millis) {
        return held.get() == 0 && lastUsedMillis < millis;
    }

    @Override
    public void close() {
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (transport instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // best effort: the lane is going away
            }
        }
    }
}
