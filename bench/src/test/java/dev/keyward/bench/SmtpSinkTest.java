package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Finding the reset secret in a mail as the server's relay sends it (Simple Java Mail, quoted-printable). */
class SmtpSinkTest {
    private static final Pattern LINE = SmtpSink.codeLine(8);

    /** A reset mail as the sink's DATA reader keeps it (lines joined with \n), with the server's text and HTML. */
    private static String resetMail(String code, String link) {
        return "Date: Mon, 30 Nov 2026 11:59:56 +0000 (UTC)\n"
                + "From: no-reply@localhost\n"
                + "To: user1@bench.test\n"
                + "Subject: Your password reset code\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: multipart/alternative; \n"
                + "\tboundary=\"----=_Part_0_536765369.1796039996575\"\n"
                + "\n"
                + "------=_Part_0_536765369.1796039996575\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "Content-Transfer-Encoding: quoted-printable\n"
                + "\n"
                + "Hello,\n"
                + "\n"
                + "Someone asked to reset the password of your bench account. Your code is:\n"
                + "\n"
                + code + "\n"
                + "\n"
                + "It is valid for 60 minutes and can be used once.\n"
                + (link == null ? "" : link)
                + "\n"
                + "If you did not ask for this, ignore this email; your password stays unchang=\n"
                + "ed.\n"
                + "\n"
                + "------=_Part_0_536765369.1796039996575\n"
                + "Content-Type: text/html; charset=\"UTF-8\"\n"
                + "Content-Transfer-Encoding: quoted-printable\n"
                + "\n"
                + "<p style=3D\"font-size:28px;font-weight:bold;letter-spacing:4px\">" + code + "</p>\n"
                + "------=_Part_0_536765369.1796039996575--\n";
    }

    @Test
    void findsTheMudbaseOtp() {
        assertThat(SmtpSink.resetCode(resetMail("04718263", null), LINE)).isEqualTo("04718263");
    }

    @Test
    void findsCargosTwelveSymbolToken() {
        assertThat(SmtpSink.resetCode(resetMail("7QK4M2ZXH9RT", null), LINE)).isEqualTo("7QK4M2ZXH9RT");
    }

    @Test
    void findsStrapisThirtyTwoSymbolCodeAndNotThePieceOfTheWrappedLink() {
        String code = "7QK4M2ZXH9RT8WAE3NBC5DFGJ6LP2Y9V";
        // As the relay sent it to http://localhost:8080: quoted-printable wraps the link line at 76 characters.
        String asSent = "You can enter it at http://localhost:8080/reset-password?code=3D7QK4M2ZXH9R=\n"
                + "T8WAE3NBC5DFGJ6LP2Y9V\n";
        // With another public URL the link's last 12 symbols can land on a line of their own, which
        // looks exactly like a Cargo token: the code line comes first.
        String wrapped = "You can enter it at http://keyward.example.test/reset-password?code=3D" + code.substring(0, 3) + "=\n"
                + code.substring(3, 20) + "=\n" + code.substring(20) + "\n";
        assertThat(code.substring(20)).hasSize(12);
        assertThat(SmtpSink.resetCode(resetMail(code, asSent), LINE)).isEqualTo(code);
        assertThat(SmtpSink.resetCode(resetMail(code, wrapped), LINE)).isEqualTo(code);
    }

    @Test
    void acceptsCarriageReturnsAtLineEnds() {
        assertThat(SmtpSink.resetCode("Subject: Your password reset code\r\n\r\nHDK3MNP9QRST\r\n", LINE))
                .isEqualTo("HDK3MNP9QRST");
    }

    @Test
    void takesOnlyLinesOfTheKnownShapes() {
        // Other lengths, lower case, and symbols the server's alphanumeric alphabet leaves out (0, 1, I, O).
        for (String notACode : new String[] {"1234567", "123456789", "7QK4M2ZXH9R", "7QK4M2ZXH9RT8", "7qk4m2zxh9rt",
                "7QK4M2ZXH9R0", "7QK4M2ZXH9R1", "7QK4M2ZXH9RI", "7QK4M2ZXH9RO", " 7QK4M2ZXH9RT", "7QK4M2ZXH9RT.",
                "7QK4M2ZXH9RT8WAE3NBC5DFGJ6LP2Y9", "7QK4M2ZXH9RT8WAE3NBC5DFGJ6LP2Y9VW"}) {
            assertThat(SmtpSink.resetCode("Subject: Your password reset code\n\n" + notACode + "\n", LINE))
                    .as(notACode).isNull();
        }
    }

    @Test
    void theOtpLengthIsTheProjects() {
        assertThat(SmtpSink.resetCode(resetMail("123456", null), SmtpSink.codeLine(6))).isEqualTo("123456");
        assertThat(SmtpSink.resetCode(resetMail("123456", null), LINE)).isNull();
    }

    @Test
    void ignoresMailsThatAreNotResetCodes() {
        assertThat(SmtpSink.resetCode("Subject: Your password was changed\n\n7QK4M2ZXH9RT\n04718263\n", LINE)).isNull();
    }
}
