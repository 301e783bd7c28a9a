package dev.keyward.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import com.icegreen.greenmail.store.StoredMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 on PostgreSQL: project B's SMTP server accepts connections and never says a word, while
 * project A asks for 50 password resets. Every one of A's mails arrives, and its request-to-delivery
 * p99 stays within 3x of the same 50 requests without the black hole.
 */
class BlackHoleIT {
    private static final int RESETS = 50;

    /** Accepts TCP connections and holds them open without ever answering. */
    private static final class BlackHole implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> held = new CopyOnWriteArrayList<>();

        BlackHole() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** When GreenMail received the mail to each recipient (its own receipt timestamp, in ms). */
    private static Map<String, Long> arrivals(GreenMail gm) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (StoredMessage m : gm.getManagers().getImapHostManager().getAllMessages()) {
            out.putIfAbsent(m.getMimeMessage().getAllRecipients()[0].toString(), m.getReceivedDate().getTime());
        }
        return out;
    }

    /** Requests a reset for each address, 10 ms apart, and returns each one's request-to-delivery time in ms. */
    private static List<Double> resets(Api api, String project, List<String> emails, GreenMail gm) throws Exception {
        Map<String, Long> sent = new HashMap<>();
        for (String email : emails) {
            sent.put(email, System.currentTimeMillis());
            assertThat(Users.requestReset(api, project, email).status()).isEqualTo(200);
            Thread.sleep(10);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (!arrivals(gm).keySet().containsAll(emails) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Map<String, Long> arrived = arrivals(gm);
        assertThat(arrived.keySet()).as("every mail of project A delivered").containsAll(emails);
        List<Double> ms = new ArrayList<>();
        for (String email : emails) {
            ms.add((double) (arrived.get(email) - sent.get(email)));
        }
        return ms;
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    }

    private static List<String> users(Api api, String project, int n, String prefix) {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String email = Fixtures.uniqueEmail(prefix);
            api.post("/api/admin/projects/" + project + "/users", Map.of("email", email, "password", "some good password",
                    "emailVerified", true), Fixtures.operator());
            emails.add(email);
        }
        return emails;
    }

    @Test
    void aBlackHoledSmtpServerOfProjectBLeavesEveryMailOfProjectAOnTime() throws Exception {
        TestServer server = TestServer.dedicated("postgres", Map.of("KEYWARD_SMTP_TIMEOUT_MS", "1000"));
        GreenMail own = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        own.start();
        try (BlackHole hole = new BlackHole()) {
            Api api = server.api;
            String a = Fixtures.project(api, false).id();
            String b = Fixtures.project(api, false).id();
            api.put("/api/admin/projects/" + a + "/smtp", ProjectMailIT.smtp(own.getSmtp().getPort(), "A", "a@a.example"),
                    Fixtures.operator());
            api.put("/api/admin/projects/" + b + "/smtp", ProjectMailIT.smtp(hole.socket.getLocalPort(), "B", "b@b.example"),
                    Fixtures.operator());
            List<String> warmUp = users(api, a, 20, "warm");
            List<String> before = users(api, a, RESETS, "before");
            List<String> during = users(api, a, RESETS, "during");
            List<String> victims = users(api, b, 20, "b");
            resets(api, a, warmUp, own);

            List<Double> without = resets(api, a, before, own);
            for (String victim : victims) {
                Users.requestReset(api, b, victim);
            }
            Thread.sleep(200); // B's lane is now stuck in its first connections
            assertThat(hole.held).as("B's mail went to the black hole").isNotEmpty();
            List<Double> with = resets(api, a, during, own);

            double p99Without = percentile(without, 99);
            double p99With = percentile(with, 99);
            System.out.printf("BlackHoleIT: project A request-to-delivery, %d resets each: without the black hole "
                            + "p50 %.1f ms, p99 %.1f ms; with project B black-holed p50 %.1f ms, p99 %.1f ms (%.2fx)%n",
                    RESETS, percentile(without, 50), p99Without, percentile(with, 50), p99With, p99With / p99Without);
            // Held up by B, A's mail would wait out B's 1 s SMTP timeouts. Below 100 ms the baseline is
            // only this shared 2-core machine's calm moment, and one scheduler stall would count as a miss.
            assertThat(p99With).as("p99 with B black-holed, against %.1f ms without", p99Without)
                    .isLessThanOrEqualTo(3 * Math.max(p99Without, 100));
            assertThat(own.getReceivedMessages()).as("none of B's mail reached A's server").hasSize(20 + 2 * RESETS);
        } finally {
            own.stop();
            server.close();
        }
    }
}
