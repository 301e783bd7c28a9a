package dev.keyward.mail;

import org.junit.jupiter.api.Test;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.email.EmailBuilder;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One SMTP server's lane: bounded, full before a whole claim would not fit, one probe while failing. */
class SmtpLaneTest {
    private static final Email MAIL = EmailBuilder.startingBlank().to("a@example.com").from("b@example.com")
            .withSubject("s").withPlainText("t").buildEmail();

    /** A server that answers only when let go, and fails while {@code down}. */
    private static final class SlowServer implements MailTransport {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger sends = new AtomicInteger();

        @Override
        public void send(Email email) throws Exception {
            sends.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            if (down.get()) {
                throw new IllegalStateException("535 no");
            }
        }
    }

    @Test
    void aLaneTakesItsSendersAndTwoClaimsOfRowsThenRefusesAndSaysItIsFullBeforeAClaimWouldNotFit() throws Exception {
        SlowServer server = new SlowServer();
        AtomicInteger rooms = new AtomicInteger();
        try (SmtpLane lane = new SmtpLane("slow:25", server, 2, 20, rooms::incrementAndGet)) {
            int taken = 0;
            for (int i = 0; i < 50; i++) {
                taken += lane.offer(() -> {
                    try {
                        lane.send(MAIL);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }) ? 1 : 0;
                if (i == 21) {
                    assertThat(lane.saturated()).as("22 held: a claim of 20 still fits").isFalse();
                }
            }
            assertThat(taken).as("2 senders + 40 waiting").isEqualTo(42);
            assertThat(lane.saturated()).isTrue();
            assertThat(lane.giveBackMillis()).isEqualTo(250);
            server.release.countDown();
            long deadline = System.currentTimeMillis() + 5_000;
            while (server.sends.get() < 42 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            assertThat(lane.saturated()).isFalse();
            assertThat(rooms.get()).as("the relay is woken when the lane has room again").isEqualTo(1);
        }
    }

    @Test
    void whileItsServerFailsALaneSendsOneProbeAtATimeAndHoldsNoOtherRow() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicBoolean hold = new AtomicBoolean();
        AtomicInteger sends = new AtomicInteger();
        MailTransport server = email -> {
            sends.incrementAndGet();
            if (hold.get()) {
                entered.countDown();
                gate.await(5, TimeUnit.SECONDS);
            }
            if (down.get()) {
                throw new IllegalStateException("535 authentication failed");
            }
        };
        try (SmtpLane lane = new SmtpLane("down:25", server, 2, 20, () -> { })) {
            assertThatThrownBy(() -> lane.send(MAIL)).hasMessageContaining("535");
            assertThat(lane.giveBackMillis()).isEqualTo(1_000);
            CountDownLatch rowDone = new CountDownLatch(1);
            assertThat(lane.offer(() -> {
                try {
                    rowDone.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).isTrue();
            assertThat(lane.saturated()).isTrue();
            assertThat(lane.offer(() -> { })).as("a failing lane holds its probe only").isFalse();
            rowDone.countDown();

            hold.set(true);
            Thread probe = new Thread(() -> {
                try {
                    lane.send(MAIL);
                } catch (Exception ignored) {
                    // the probe's outcome is checked through the lane below
                }
            });
            probe.start();
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            hold.set(false);
            assertThat(lane.send(MAIL)).as("another mail waits while the probe is out").isFalse();
            assertThat(sends.get()).isEqualTo(2);
            down.set(false);
            gate.countDown();
            probe.join(5_000);
            assertThat(lane.giveBackMillis()).as("the probe got through: the lane is healthy again").isEqualTo(250);
            assertThat(lane.send(MAIL)).isTrue();
        }
    }
}
