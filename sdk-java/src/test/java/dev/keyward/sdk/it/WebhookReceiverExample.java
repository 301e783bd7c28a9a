package dev.keyward.sdk.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.keyward.sdk.WebhookVerificationException;
import dev.keyward.sdk.Webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The README's webhook receiver. The lines between the markers are copied into README.md
 * verbatim (ReadmeSnippetTest checks that), and WebhooksIT runs it against a live server.
 */
final class WebhookReceiverExample {
    private WebhookReceiverExample() {
    }

    static HttpServer start(int port, String secret, Consumer<JsonNode> onEvent) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> seen = ConcurrentHashMap.newKeySet();   // use your database in production
        // README:begin
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/keyward-webhooks", exchange -> {
            // The raw body, exactly as sent: a re-serialised JSON would not match the signature.
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                // Checks webhook-signature (either secret during a rotation) and that webhook-timestamp
                // is within 5 minutes, so a captured request cannot be replayed later.
                Webhooks.verify(secret, exchange.getRequestHeaders(), body);
            } catch (WebhookVerificationException e) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            // webhook-id is the same for every retry of one event: act on it once.
            if (seen.add(exchange.getRequestHeaders().getFirst("webhook-id"))) {
                JsonNode event = json.readTree(body);   // {"type": "user.created", "timestamp": ..., "data": {...}}
                onEvent.accept(event);
            }
            exchange.sendResponseHeaders(204, -1);      // any 2xx; anything else is retried for 24 h
            exchange.close();
        });
        server.start();
        // README:end
        return server;
    }
}
