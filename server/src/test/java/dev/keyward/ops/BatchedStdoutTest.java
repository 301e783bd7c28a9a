package dev.keyward.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BatchedStdoutTest {
    /** Counts the writes that reach the stream, to show lines go out in batches. */
    static final class CountingOut extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    /** A started appender writing to {@code out}, in a fresh logger context. */
    private static BatchedStdout appender(OutputStream out, int capacity) {
        LoggerContext context = context();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        BatchedStdout appender = new BatchedStdout(encoder, () -> out, capacity);
        appender.setContext(context);
        appender.start();
        return appender;
    }

    /** Logger "test" of the appender's context, at INFO, writing to it. */
    private static Logger logger(BatchedStdout appender) {
        Logger log = ((LoggerContext) appender.getContext()).getLogger("test");
        log.addAppender(appender);
        log.setLevel(Level.INFO);
        return log;
    }

    @Test
    void everyLineFromManyThreadsIsWrittenOnceInEachThreadsOrderInFewWrites() throws Exception {
        CountingOut out = new CountingOut();
        BatchedStdout appender = appender(out, 64);
        Logger log = logger(appender);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread t0 = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    log.info("t{} n{}", thread, i);
                }
            });
            t0.start();
            threads.add(t0);
        }
        for (Thread t : threads) {
            t.join();
        }
        appender.stop();

        String[] lines = out.text().split("\n");
        assertThat(lines).hasSize(8_000);
        for (int t = 0; t < 4; t++) {
            String prefix = "INFO t" + t + " n";
            List<Integer> seen = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    seen.add(Integer.parseInt(line.substring(prefix.length())));
                }
            }
            assertThat(seen).hasSize(2_000).isSorted();
        }
        // A queue of 64 holds back the loggers (nothing dropped) and is still written a batch at a time.
        assertThat(out.writes.get()).isLessThan(8_000 / 2);
    }

    @Test
    void aBurstIsWrittenInAFewLargeWrites() throws Exception {
        CountingOut out = new CountingOut();
        BatchedStdout appender = appender(out, 8192);
        Logger log = logger(appender);
        for (int i = 0; i < 5_000; i++) {
            log.info("line {}", i);
        }
        appender.stop();
        assertThat(out.text().split("\n")).hasSize(5_000);
        assertThat(out.writes.get()).isLessThanOrEqualTo(5_000 / 100);
    }

    @Test
    void linesAreWrittenWithoutAStopAndAWarningAtOnce() throws Exception {
        CountingOut out = new CountingOut();
        BatchedStdout appender = appender(out, 8192);
        Logger log = logger(appender);
        log.info("first");
        log.warn("second");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!out.text().contains("second") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(out.text()).isEqualTo("INFO first\nWARN second\n");
        appender.stop();
        log.info("after stop");
        assertThat(out.text()).doesNotContain("after stop");
    }
}
