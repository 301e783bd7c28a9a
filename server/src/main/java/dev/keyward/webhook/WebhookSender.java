package dev.keyward.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * One attempt: a signed POST with the Standard Webhooks headers, redirects never followed, at
 * most 10 s from start to the last byte of the answer. Without KEYWARD_WEBHOOK_ALLOW_PRIVATE the
 * URL is checked again just before sending and the connection goes through the {@link
 * EgressTunnel}, which checks the addresses it connects to.
 */
final class WebhookSender implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How an attempt ended: delivered on a 2xx; {@code gone} on 410, which asks the sender to stop. */
    record Attempt(boolean delivered, Integer status, int durationMillis, String error) {
        boolean gone() {
            return status != null && status == 410;
        }
    }

    private final EgressGuard guard;
    private final EgressTunnel tunnel;
    private final SSLContext tls;
    private final Duration timeout;
    private HttpClient client; // guarded by this; see client()

    WebhookSender(EgressGuard guard) {
        this(guard, null, TIMEOUT);
    }

    /** With the TLS context to trust receivers by and a shorter timeout (tests); null for the JDK's trust store. */
    WebhookSender(EgressGuard guard, SSLContext tls, Duration timeout) {
        this.guard = guard;
        this.tls = tls;
        this.timeout = timeout;
        try {
            this.tunnel = guard.allowsPrivate() ? null : new EgressTunnel(guard);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the webhook egress tunnel on 127.0.0.1", e);
        }
    }

    /**
     * The client, built for the first request: building one sets up the JDK's TLS stack (the trust
     * store's certificates, the cipher suites: about 2 MB of classes and heap) and starts a selector
     * thread, which a server whose projects have no webhooks never needs. Synchronized: sender
     * threads ask for it once per attempt, next to a network round trip.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder builder = tls == null ? HttpClient.newBuilder() : HttpClient.newBuilder().sslContext(tls);
            client = builder
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(timeout)
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(tunnel == null ? HttpClient.Builder.NO_PROXY : tunnel.proxySelector())
                    .build();
        }
        return client;
    }

    Attempt send(String url, String messageId, long timestampSeconds, String body, List<String> secrets) {
        long started = System.nanoTime();
        URI uri;
        try {
            uri = guard.target(url);
        } catch (EgressGuard.Refused r) {
            return failed(started, "refused: the URL " + r.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Keyward-Webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", WebhookSignature.header(secrets, messageId, timestampSeconds, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        CompletableFuture<HttpResponse<Void>> response = client().sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // The request timeout ends at the response head; this bounds the body too.
            int status = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(true, status, millisSince(started), null);
            }
            String error = status >= 300 && status < 400 ? "HTTP " + status + " (redirects are not followed)" : "HTTP " + status;
            return new Attempt(false, status, millisSince(started), error);
        } catch (TimeoutException e) {
            response.cancel(true);
            return failed(started, "timed out after " + seconds(timeout));
        } catch (ExecutionException e) {
            return failed(started, describe(e.getCause()));
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return failed(started, "interrupted (server stopping)");
        }
    }

    /** A short reason for a failed attempt, without anything the receiver chose to send back. */
    private String describe(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + seconds(timeout);
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out after " + seconds(timeout);
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Tunnel failed, got: 403")) {
            return "refused at connect time: the host no longer resolves to public addresses only";
        }
        if (e instanceof SSLException) {
            return "TLS failed: " + clip(message);
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + clip(message));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static String clip(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", " ");
        return clean.length() > 300 ? clean.substring(0, 300) : clean;
    }

    private static Attempt failed(long started, String error) {
        return new Attempt(false, null, millisSince(started), error);
    }

    private static int millisSince(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        if (tunnel != null) {
            tunnel.close();
        }
    }
}
