package dev.keyward.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP client for tests. Every response is checked against openapi.yaml, and every error
 * response against the shared error shape, so a drift between code and spec fails the test.
 */
public final class Api {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(Path.of("..", "openapi.yaml").toAbsolutePath().toUri().toString())
            .build();
    private static final Set<String> UNDOCUMENTED = Set.of(
            "validation.response.path.missing", "validation.response.operation.notAllowed",
            "validation.request.path.missing", "validation.request.operation.notAllowed");
    /** What Jetty puts on the wire for "application/json; charset=utf-8". */
    public static final String JSON_CONTENT_TYPE = "application/json;charset=utf-8";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public Api(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public Resp get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    public Resp post(String path, Object body, String... headers) {
        return send("POST", path, "application/json", json(body), headers);
    }

    public Resp put(String path, Object body, String... headers) {
        return send("PUT", path, "application/json", json(body), headers);
    }

    public Resp patch(String path, Object body, String... headers) {
        return send("PATCH", path, "application/json", json(body), headers);
    }

    public Resp delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    public static byte[] json(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Resp send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return execute(b.build(), method, path);
    }

    /**
     * Sends only the request line and headers, announcing a body of {@code declaredLength} bytes that
     * never comes: a server that refuses oversized bodies before reading them still answers at once.
     * Returns the raw status line.
     */
    public String headersOnly(String path, long declaredLength, String... headers) {
        URI uri = URI.create(base + path);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + declaredLength + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            socket.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends a body without Content-Length (chunked), as some clients do. */
    public Resp postChunked(String path, byte[] body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return execute(r, "POST", path);
    }

    private Resp execute(HttpRequest request, String method, String path) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Resp resp = new Resp(r.statusCode(), r.headers(), r.body());
            check(method, path, resp);
            return resp;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(String method, String path, Resp resp) {
        assertThat(resp.header("X-Request-Id")).as("X-Request-Id on " + method + " " + path).isNotBlank();
        assertThat(resp.status()).as("no 5xx other than 503 for " + method + " " + path + ": " + resp.body())
                .isNotIn(500, 501, 502, 504);
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        // The compat profiles answer in their own error shapes; openapi.yaml checks those below.
        boolean compat = rawPath.startsWith("/api/v1/user/") || rawPath.startsWith("/auth/");
        if (resp.status() >= 400 && !compat) {
            JsonNode n = resp.json();
            for (String f : List.of("error", "code", "requestId", "timestamp", "path")) {
                assertThat(n.hasNonNull(f)).as("error field " + f + " in " + resp).isTrue();
            }
        }
        String contentType = resp.header("Content-Type");
        if (contentType != null && contentType.startsWith("application/json")) {
            assertThat(contentType).as("one spelling for every JSON answer, errors and successes: " + method + " " + path)
                    .isEqualTo(JSON_CONTENT_TYPE);
        }
        if (resp.status() >= 400) {
            assertThat(contentType).startsWith("application/json");
            assertThat(resp.body()).doesNotContain("Exception").doesNotContain("at dev.keyward");
        }
        SimpleResponse.Builder sr = SimpleResponse.Builder.status(resp.status()).withBody(resp.body());
        resp.headers().map().forEach((k, v) -> sr.withHeader(k, v));
        ValidationReport report = VALIDATOR.validateResponse(rawPath, Request.Method.valueOf(method), sr.build());
        List<ValidationReport.Message> problems = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                // Errors from paths or methods the spec does not list (404, 405) are expected;
                // a success from one means an operation exists that openapi.yaml lost (the
                // static files of the /docs page are the only undocumented successes).
                .filter(m -> !UNDOCUMENTED.contains(m.getKey()) || resp.status() < 400 && !rawPath.startsWith("/docs/assets/"))
                .toList();
        assertThat(problems).as("response of " + method + " " + path + " matches openapi.yaml: " + resp.body() + "\n"
                + problems.stream().map(Object::toString).collect(Collectors.joining("\n"))).isEmpty();
    }
}
