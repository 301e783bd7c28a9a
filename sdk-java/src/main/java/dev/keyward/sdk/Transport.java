package dev.keyward.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpRequestWithBody;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestException;
import kong.unirest.core.UnirestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends the calls of the generated clients through one unirest instance: adds credentials,
 * encodes and decodes JSON with Jackson, turns non-2xx answers into {@link KeywardApiException}
 * and, when asked to, retries 429 and 503 after the server's Retry-After. Immutable, so one
 * instance serves any number of threads.
 */
final class Transport {
    /** Waits between retries; tests replace it to observe the delays. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final UnirestInstance unirest;
    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Map<String, String> credentials;
    private final int maxRetries;
    private final Duration maxRetryDelay;
    private final Sleeper sleeper;
    private final Clock clock;

    Transport(UnirestInstance unirest, ObjectMapper mapper, String baseUrl, Map<String, String> credentials,
              int maxRetries, Duration maxRetryDelay, Sleeper sleeper, Clock clock) {
        this.unirest = unirest;
        this.mapper = mapper;
        this.baseUrl = baseUrl;
        this.credentials = Map.copyOf(credentials);
        this.maxRetries = maxRetries;
        this.maxRetryDelay = maxRetryDelay;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** The same connections and settings with one credential replaced (or removed when null). */
    Transport withCredential(String scheme, String value) {
        Map<String, String> changed = new LinkedHashMap<>(credentials);
        if (value == null) {
            changed.remove(scheme);
        } else {
            changed.put(scheme, value);
        }
        return new Transport(unirest, mapper, baseUrl, changed, maxRetries, maxRetryDelay, sleeper, clock);
    }

    UnirestInstance unirest() {
        return unirest;
    }

    <T> T send(Call call, Class<T> type) {
        return send(call, mapper.constructType(type));
    }

    <T> T send(Call call, TypeReference<T> type) {
        return send(call, mapper.constructType(type));
    }

    private <T> T send(Call call, JavaType type) {
        byte[] body = call.body == null ? null : encode(call);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response = execute(call, body);
            int status = response.getStatus();
            if (status >= 200 && status < 300) {
                return decode(call, response, type);
            }
            KeywardApiException error = error(call, response);
            if ((status == 429 || status == 503) && attempt < maxRetries) {
                Duration delay = error.retryAfter().orElse(Duration.ofMillis(500L << Math.min(attempt, 6)));
                // A server asking for a longer pause than the caller allows gets an answer now, not a stall.
                if (delay.compareTo(maxRetryDelay) <= 0) {
                    try {
                        sleeper.sleep(delay);
                        continue;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            throw error;
        }
    }

    private HttpResponse<byte[]> execute(Call call, byte[] body) {
        HttpRequestWithBody request = unirest.request(call.method, baseUrl + call.pathTemplate);
        call.pathParams.forEach(request::routeParam);
        call.queryParams.forEach((name, value) -> {
            if (value instanceof Collection<?> values) {
                request.queryString(name, values);
            } else {
                request.queryString(name, value);
            }
        });
        call.headers.forEach(request::header);
        authenticate(call, request);
        if (call.accept != null) {
            request.accept(call.accept);
        }
        HttpRequest<?> ready = body == null ? request : request.header("Content-Type", "application/json").body(body);
        try {
            return ready.asBytes();
        } catch (UnirestException e) {
            throw new KeywardException(call + " failed: " + e.getMessage(), e);
        }
    }

    /** Applies the first alternative of the call's security whose credentials this client has. */
    private void authenticate(Call call, HttpRequestWithBody request) {
        for (List<Auth> alternative : call.security) {
            if (alternative.stream().allMatch(a -> credentials.containsKey(a.scheme()))) {
                for (Auth auth : alternative) {
                    String value = credentials.get(auth.scheme());
                    switch (auth.kind()) {
                        case BEARER -> request.header("Authorization", "Bearer " + value);
                        case HEADER -> request.header(auth.name(), value);
                        case QUERY -> request.queryString(auth.name(), value);
                    }
                }
                return;
            }
        }
    }

    private byte[] encode(Call call) {
        try {
            return mapper.writeValueAsBytes(call.body);
        } catch (IOException e) {
            throw new KeywardException(call + ": cannot encode the request body", e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T decode(Call call, HttpResponse<byte[]> response, JavaType type) {
        byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody();
        if (type.getRawClass() == Void.class) {
            return null;
        }
        if (type.getRawClass() == String.class) {
            return (T) new String(bytes, StandardCharsets.UTF_8);
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new KeywardException(call + " -> " + response.getStatus() + ": unreadable body: " + e.getMessage(), e);
        }
    }

    private KeywardApiException error(Call call, HttpResponse<byte[]> response) {
        String text = response.getBody() == null ? "" : new String(response.getBody(), StandardCharsets.UTF_8);
        JsonNode json = parseObject(text);
        Map<String, String> details = new LinkedHashMap<>();
        json.path("details").fields().forEachRemaining(e ->
                details.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        String requestId = text(json, "requestId");
        if (requestId == null) {
            requestId = response.getHeaders().getFirst("X-Request-Id");
            requestId = requestId == null || requestId.isEmpty() ? null : requestId;
        }
        Duration retryAfter = json.path("retryAfter").canConvertToLong()
                ? Duration.ofSeconds(json.get("retryAfter").asLong())
                : retryAfterHeader(response.getHeaders().getFirst("Retry-After"));
        String error = text(json, "error");
        return new KeywardApiException(call.method + " " + call.pathTemplate, response.getStatus(), text(json, "code"),
                error != null ? error : response.getStatusText(), text(json, "message"), details, requestId, retryAfter, text);
    }

    private JsonNode parseObject(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? node : mapper.createObjectNode();
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Retry-After is either delay-seconds or an HTTP-date (RFC 9110, 10.2.3). */
    private Duration retryAfterHeader(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
