package dev.keyward.ops;

import dev.keyward.App;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Hooks;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import dev.keyward.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Two server processes on one PostgreSQL, both running a webhook relay, deliver each event once. */
class WebhookScaleOutIT {
    @Test
    void twoProcessesDeliverEachEventOnce() throws Exception {
        TestServer first = TestServer.dedicated("postgres", Map.of());
        App secondApp = ScaleOutIT.second(first, Map.of("KEYWARD_WEBHOOK_ALLOW_PRIVATE", "true"));
        Api a = first.api;
        Api b = new Api("http://127.0.0.1:" + secondApp.port());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (WebhookReceiver one = WebhookReceiver.ok(); WebhookReceiver two = WebhookReceiver.ok()) {
            String project = Fixtures.project(a, false).id();
            Hooks.create(a, project, one.url(), List.of("user.created"));
            Hooks.create(b, project, two.url(), List.of("user.created"));
            List<Future<Resp>> signups = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Api api = i % 2 == 0 ? a : b;
                signups.add(pool.submit(() -> Users.register(api, project, Fixtures.uniqueEmail("scale"), Users.PASSWORD)));
            }
            for (Future<Resp> f : signups) {
                assertThat(f.get().status()).isEqualTo(201);
            }
            for (WebhookReceiver receiver : List.of(one, two)) {
                receiver.await(30, r -> true, 15);
            }
            Thread.sleep(1000);
            for (WebhookReceiver receiver : List.of(one, two)) {
                List<String> ids = receiver.received().stream().map(r -> r.header("webhook-id")).toList();
                assertThat(ids).as("each event once, by one of the relays").hasSize(30).doesNotHaveDuplicates();
            }
        } finally {
            pool.shutdownNow();
            secondApp.close();
            first.close();
        }
    }
}
