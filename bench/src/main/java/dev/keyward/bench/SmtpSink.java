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
 * the relay. Counts mails and connections. {@link #hold()} makes it answer nothing until
 * {@link #open()}, so a backlog can be built and then timed as the relay drains it.
 */
final class SmtpSink implements AutoCloseable {
    /** A reset code and the {@link System#nanoTime()} at which its mail arrived. */
    record Mail(String code, long at) { }

    private final Pattern codeLine;
    private final Map<String, Mail> resets = new ConcurrentHashMap<>();
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
        codeLine = Pattern.compile("(?m)^([0-9]{" + codeLength + "})\\r?$");
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
        String text = msg.toString();
        if (rcpt != null && text.contains("Subject: Your password reset code")) {
            Matcher m = codeLine.matcher(text);
            if (m.find()) {
                resets.put(rcpt, new Mail(m.group(1), at));
            }
        }
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
