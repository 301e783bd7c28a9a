package dev.keyward.mail;

import dev.keyward.support.Api;
import dev.keyward.support.Db;
import dev.keyward.support.Fixtures;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * M3 with lanes: the relay claims while lanes send, so a row whose lease runs out while its mail is
 * still being sent (a slow server; here the test's clock) must not be claimed and sent again by
 * the same process.
 */
class RelayLeaseIT {
    /** An SMTP server that takes each mail and answers its final "250" only when let go. */
    private static final class SlowServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> recipients = new CopyOnWriteArrayList<>();
        final CountDownLatch received = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);

        SlowServer() throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread session = new Thread(() -> session(s));
                        session.setDaemon(true);
                        session.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void session(Socket s) {
            try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                 OutputStream out = s.getOutputStream()) {
                reply(out, "220 slow");
                String rcpt = null;
                String line;
                while ((line = in.readLine()) != null) {
                    String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                    if (cmd.equals("RCPT")) {
                        rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    }
                    if (cmd.equals("DATA")) {
                        reply(out, "354 go on");
                        while (!".".equals(in.readLine())) {
                            // the message itself does not matter here
                        }
                        recipients.add(rcpt);
                        received.countDown();
                        answer.await(20, TimeUnit.SECONDS);
                        reply(out, "250 taken");
                    } else {
                        reply(out, cmd.equals("QUIT") ? "221 bye" : "250 ok");
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // the relay went away
            }
        }

        private static void reply(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aMailStillBeingSentWhenItsLeaseRunsOutIsNotClaimedAndSentAgain() throws Exception {
        TestServer server = TestServer.dedicated("h2", Map.of());
        try (SlowServer slow = new SlowServer()) {
            Api api = server.api;
            String project = Fixtures.project(api, false).id();
            api.put("/api/admin/projects/" + project + "/smtp", ProjectMailIT.smtp(slow.socket.getLocalPort(), "Slow",
                    "slow@slow.example"), Fixtures.operator());
            String email = Fixtures.uniqueEmail("lease");
            Users.register(api, project, email, Users.PASSWORD);
            Users.requestReset(api, project, email);
            assertThat(slow.received.await(10, TimeUnit.SECONDS)).as("the mail is being sent").isTrue();

            server.clock.advance(Duration.ofMinutes(2));
            // Wakes the relay, which claims whatever is due now.
            Users.requestReset(api, project, Fixtures.uniqueEmail("nobody"));
            Thread.sleep(700);
            slow.answer.countDown();

            Db db = new Db(server);
            long deadline = System.currentTimeMillis() + 10_000;
            while (db.count("outbox", "project_id = ? AND recipient = ? AND status = 'sent'", project, email) == 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            assertThat(slow.recipients.stream().filter(email::equals)).as("sent once").hasSize(1);
            assertThat(db.count("outbox", "project_id = ? AND recipient = ? AND status = 'sent'", project, email))
                    .isEqualTo(1);
        } finally {
            server.close();
        }
    }
}
