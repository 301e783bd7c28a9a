package dev.keyward.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Log lines to stdout from one background thread that writes everything queued since its last
 * turn in one write: every {@link #PERIOD_MILLIS} ms, and at once for a warning or an error or
 * when the queue is half full. logback's AsyncAppender woke its thread for every event and wrote
 * each line with a system call of its own; with one access line per request that was about 5 %
 * of the server's CPU under load (profiled). Nothing is dropped: a full queue makes the logging
 * thread wait, and {@link #stop} writes what is left (Main stops logging after the server).
 */
final class BatchedStdout extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final long PERIOD_MILLIS = 100;
    private static final int BATCH = 1024;
    private final Encoder<ILoggingEvent> encoder;
    private final Supplier<? extends OutputStream> out;
    private final int capacity;
    private final BlockingQueue<ILoggingEvent> queue;
    private volatile boolean running;
    private Thread writer;

    /** {@code out} is asked for the stream at each write, as logback's console appender does with System.out. */
    BatchedStdout(Encoder<ILoggingEvent> encoder, Supplier<? extends OutputStream> out, int capacity) {
        this.encoder = encoder;
        this.out = out;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "log-writer");
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (event.getLevel().isGreaterOrEqual(Level.WARN) || queue.remainingCapacity() < capacity / 2) {
            LockSupport.unpark(writer);
        }
    }

    private void run() {
        List<ILoggingEvent> batch = new ArrayList<>(BATCH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        while (running) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
            writeQueued(batch, bytes);
        }
        writeQueued(batch, bytes);
    }

    private void writeQueued(List<ILoggingEvent> batch, ByteArrayOutputStream bytes) {
        while (queue.drainTo(batch, BATCH) > 0) {
            for (ILoggingEvent e : batch) {
                bytes.writeBytes(encoder.encode(e));
            }
            batch.clear();
            try {
                OutputStream stream = out.get();
                bytes.writeTo(stream);
                stream.flush();
            } catch (IOException e) {
                addError("cannot write log lines", e);
            }
            bytes.reset();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
