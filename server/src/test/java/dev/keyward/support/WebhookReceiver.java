package dev.keyward.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers as the test says:
 * by attempt number, a status (with a Location header for 3xx) or a wait before answering.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the receiver does with one request. */
    public record Answer(int status, long sleepMillis) {
        public static Answer status(int status) {
            return new Answer(status, 0);
        }
    }

    /** A request as received: lower-case header names, the body as sent. */
    public record Received(Map<String, List<String>> headers, String body, long receivedAtMillis) {
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String type() {
            return json().path("type").asText();
        }

        /** Verifies the Standard Webhooks signature independently of Keyward's signer: some v1 signature must match. */
        public boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
                String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                        (header("webhook-id") + "." + header("webhook-timestamp") + "." + body).getBytes(StandardCharsets.UTF_8)));
                return List.of(header("webhook-signature").split(" ")).contains(expected);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final IntFunction<Answer> answers;
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile boolean released;

    /** Answers every request with {@code answers.apply(attemptNumber)}, attempts counted from 1. */
    public WebhookReceiver(IntFunction<Answer> answers) {
        this.answers = answers;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver ok() {
        return new WebhookReceiver(n -> Answer.status(204));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
            received.add(new Received(headers, body, System.currentTimeMillis()));
            Answer answer = answers.apply(attempts.incrementAndGet());
            long until = System.currentTimeMillis() + answer.sleepMillis();
            while (!released && System.currentTimeMillis() < until) {
                sleep(20);
            }
            if (answer.status() >= 300 && answer.status() < 400) {
                exchange.getResponseHeaders().add("Location", url() + "/elsewhere");
            }
            exchange.sendResponseHeaders(answer.status(), -1);
        }
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> received(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    /** Waits (up to {@code seconds}) until at least n matching requests arrived. */
    public List<Received> await(int n, Predicate<Received> filter, int seconds) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            List<Received> matching = received(filter);
            if (matching.size() >= n) {
                return matching;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("expected " + n + " webhook(s), got " + matching.size() + " of " + received.size()
                        + ": " + received.stream().map(Received::body).toList());
            }
            sleep(20);
        }
    }

    public List<Received> await(String type, int n) {
        return await(n, r -> r.type().equals(type), 10);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops waiting in every handler at once, so a slow receiver costs a test no wall time after its assertions. */
    @Override
    public void close() {
        released = true;
        server.stop(0);
    }
}
