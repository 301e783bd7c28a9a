package dev.keyward.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP server on a free loopback port that accepts every mail at once and remembers each
 * reset code and when it arrived (by recipient), so the driver can confirm valid codes and time
 * the relay. Counts mails and connections. It recognises the Mudbase OTP (the project's numeric
 * length) and the compat profiles' secrets: Cargo Extra's 12-symbol token and Strapi's 32-symbol
 * code, both in the server's alphanumeric alphabet (no 0, 1, I or O).
 * {@link #hold()} makes it answer nothing until
 * {@link #open()}, so a backlog can be built and then timed as the relay drains it.
 */
final class SmtpSink implements AutoCloseable {
    /** A reset code and the {@link System#nanoTime()} at which its mail arrived. */
    record Mail(String code, long at) { }

    /** The server's alphanumeric code alphabet (dev.keyward.otp.Alphabet.ALPHANUMERIC) as a character class. */
    static final String ALPHANUMERIC = "[2-9A-HJ-NP-Z]";
    /** Lengths of the compat profiles' secrets: Cargo Extra's token, Strapi's code. */
    static final int CARGO_TOKEN_LENGTH = 12;
    static final int STRAPI_CODE_LENGTH = 32;

    private final Pattern codeLine;
    private final Map<String, Mail> resets = new ConcurrentHashMap<>();
    /** When the latest mail of any kind to each recipient arrived ({@link System#nanoTime()}). */
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final ServerSocket server;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-sink");
        t.setDaemon(true);
        return t;
    });

    SmtpSink(int codeLength) throws IOException {
        codeLine = codeLine(codeLength);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The latest reset mail to this address, or null. */
    Mail mail(String recipient) {
        return resets.get(recipient);
    }

    boolean hasMail(String recipient) {
        return resets.containsKey(recipient);
    }

    /** The latest reset code sent to this address, or "" if none. */
    String code(String recipient) {
        Mail m = resets.get(recipient);
        return m == null ? "" : m.code();
    }

    /**
     * When the latest mail of any kind (a reset code or not, e.g. Keycloak's action link) to this
     * address arrived ({@link System#nanoTime()}), or null if none did.
     */
    Long arrived(String recipient) {
        return arrivals.get(recipient.toLowerCase(Locale.ROOT));
    }

    /** Mails of any kind received so far. */
    long count() {
        return count.get();
    }

    /** SMTP connections accepted so far. */
    long connections() {
        return connections.get();
    }

    /** From now on every session waits, before its next reply, until {@link #open()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    private void pass() throws IOException {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                pool.execute(() -> session(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = s.getOutputStream()) {
            pass();
            reply(out, "220 bench-sink ESMTP");
            String rcpt = null;
            String line;
            while ((line = in.readLine()) != null) {
                pass();
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (cmd) {
                    case "EHLO" -> reply(out, "250-bench-sink\r\n250-8BITMIME\r\n250 OK");
                    case "HELO" -> reply(out, "250 bench-sink");
                    case "MAIL" -> {
                        rcpt = null;
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        Matcher m = Pattern.compile("<([^>]*)>").matcher(line);
                        rcpt = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        data(in, rcpt);
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    private void data(BufferedReader in, String rcpt) throws IOException {
        StringBuilder msg = new StringBuilder();
        String l;
        while ((l = in.readLine()) != null && !l.equals(".")) {
            msg.append(l.startsWith("..") ? l.substring(1) : l).append('\n');
        }
        long at = System.nanoTime();
        count.incrementAndGet();
        if (rcpt != null) {
            arrivals.put(rcpt, at);
        }
        String code = rcpt == null ? null : resetCode(msg.toString(), codeLine);
        if (code != null) {
            resets.put(rcpt, new Mail(code, at));
        }
    }

    /**
     * A line that is only a reset secret: the numeric OTP of {@code otpLength} digits, or a
     * 12- or 32-symbol alphanumeric secret.
     */
    static Pattern codeLine(int otpLength) {
        return Pattern.compile("(?m)^([0-9]{" + otpLength + "}|" + ALPHANUMERIC + "{" + CARGO_TOKEN_LENGTH + "}|"
                + ALPHANUMERIC + "{" + STRAPI_CODE_LENGTH + "})\\r?$");
    }

    /**
     * The secret in a reset mail (subject "Your password reset code"), or null for any other mail.
     * It is the first line that is a secret alone: in the text part it comes before the link, so a
     * piece of Strapi's link that quoted-printable wrapped onto a line of its own is never taken.
     */
    static String resetCode(String mail, Pattern codeLine) {
        if (!mail.contains("Subject: Your password reset code")) {
            return null;
        }
        Matcher m = codeLine.matcher(mail);
        return m.find() ? m.group(1) : null;
    }

    private static void reply(OutputStream out, String s) throws IOException {
        out.write((s + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
