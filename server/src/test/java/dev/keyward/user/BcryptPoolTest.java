package dev.keyward.user;

import dev.keyward.http.ApiException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BcryptPoolTest {
    @Test
    void hashesThatWouldWaitMoreThanTwoSecondsAreRefusedAtOnceWith503() throws Exception {
        // One thread, 50 ms assumed per hash: the 42nd caller in line would wait over 2 s.
        BcryptPool pool = new BcryptPool(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(45);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 45; i++) {
                results.add(callers.submit(() -> pool.run(() -> {
                    release.await();
                    return "hashed";
                })));
            }
            while (pool.refused() < 3) {
                Thread.sleep(5);
            }
            assertThatThrownBy(pool::admit).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.retryAfterSeconds()).isEqualTo(1);
            });
            release.countDown();
            int ok = 0;
            int refused = 0;
            for (Future<Object> f : results) {
                try {
                    f.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ApiException.class);
                    refused++;
                }
            }
            // Refused callers leave the line, so late ones may slip in: 41 fit within 2 s, and one
            // more can be admitted in the instant a refused caller leaves (seen on a loaded machine).
            assertThat(refused).isGreaterThanOrEqualTo(3);
            assertThat(ok).isBetween(35, 42);
            assertThat(ok + refused).isEqualTo(45);
            pool.admit();
        } finally {
            callers.shutdownNow();
            pool.close();
        }
    }
}
