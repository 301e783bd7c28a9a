package dev.keyward.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What every route gets: a request id, body size and content-type checks before parsing,
 * no-store caching, one access-log line, a timer per route and status, and one error shape.
 */
public final class HttpPipeline {
    /**
     * Always milliseconds (Instant.toString drops trailing zeros), so error bodies have one
     * length whatever the clock says: identical answers stay byte-identical in size.
     */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final Logger ACCESS = LoggerFactory.getLogger("keyward.access");
    private static final Logger LOG = LoggerFactory.getLogger(HttpPipeline.class);
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** The one spelling of JSON answers, errors and successes alike (ctx.json alone would say "application/json"). */
    static final String JSON = "application/json; charset=utf-8";
    static final String REQUEST_ID = "keyward.requestId";
    static final String CLIENT_IP = "keyward.clientIp";
    private static final String STARTED = "keyward.started";

    private final ObjectMapper mapper;
    private final Clock clock;
    private final SecureRandom random;
    private final MeterRegistry meters;
    private final ClientIp clientIp;
    private final Map<String, ErrorShape> shapes = new LinkedHashMap<>();
    private final Map<Pattern, Integer> largerBodies = new LinkedHashMap<>();
    /**
     * The timer of each method, route and status, found by one map lookup: registering it anew
     * on every request (Micrometer builds, sorts and hashes the tags each time) was about a
     * twentieth of a reset request's CPU. Routes and statuses are finite, so this stays small.
     */
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public HttpPipeline(ObjectMapper mapper, Clock clock, SecureRandom random, MeterRegistry meters, ClientIp clientIp) {
        this.mapper = mapper;
        this.clock = clock;
        this.random = random;
        this.meters = meters;
        this.clientIp = clientIp;
    }

    public static String requestId(Context ctx) {
        return ctx.attribute(REQUEST_ID);
    }

    public static String clientIp(Context ctx) {
        String ip = ctx.attribute(CLIENT_IP);
        return ip != null ? ip : ctx.ip();
    }

    /** Errors on paths under {@code pathPrefix} are written in {@code shape} instead of Keyward's error body. */
    public void shapeErrors(String pathPrefix, ErrorShape shape) {
        shapes.put(pathPrefix, shape);
    }

    /** Bodies of paths matching {@code pathPattern} may be up to {@code maxBytes} (mail templates), not 16 KiB. */
    public void allowLargerBodies(String pathPattern, int maxBytes) {
        largerBodies.put(Pattern.compile(pathPattern), maxBytes);
    }

    /** The body limit of a path. */
    public int maxBodyBytes(String path) {
        for (Map.Entry<Pattern, Integer> e : largerBodies.entrySet()) {
            if (e.getKey().matcher(path).matches()) {
                return e.getValue();
            }
        }
        return JsonBody.MAX_BYTES;
    }

    /** Paths that take and give JSON: Keyward's API and the compat profiles' paths. */
    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/auth/");
    }

    public void install(JavalinConfig config) {
        config.http.prefer405over404 = true;
        // Per path limits are enforced in begin() and by JsonBody; this is the largest of them.
        config.http.maxRequestSize = largerBodies.values().stream().reduce(JsonBody.MAX_BYTES, Math::max);
        config.http.defaultContentType = JSON;
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.routes.before(this::begin);
        config.routes.after(ctx -> {
            if ("application/json".equals(ctx.res().getContentType())) {
                ctx.contentType(JSON);
            }
        });
        config.routes.exception(ApiException.class, (e, ctx) -> writeError(ctx, e));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> writeError(ctx, fromJavalin(e)));
        config.routes.exception(Exception.class, (e, ctx) -> writeError(ctx, fromUnexpected(e, ctx)));
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !ctx.res().getContentType().startsWith("application/json")) {
                writeError(ctx, ApiException.notFound("Endpoint " + ctx.method() + " " + ctx.path() + " not found"));
            }
        });
        config.requestLogger.http(this::finish);
    }

    private void begin(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        String incoming = ctx.header("X-Request-Id");
        String id = incoming != null && SANE_REQUEST_ID.matcher(incoming).matches() ? incoming : newRequestId();
        ctx.attribute(REQUEST_ID, id);
        ctx.header("X-Request-Id", id);
        ctx.attribute(CLIENT_IP, clientIp.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For")));
        if (isApi(ctx.path())) {
            ctx.header("Cache-Control", "no-store");
        }
        HandlerType method = ctx.method();
        if (method == HandlerType.POST || method == HandlerType.PUT || method == HandlerType.PATCH) {
            long length = ctx.req().getContentLengthLong();
            int max = maxBodyBytes(ctx.path());
            if (length > max) {
                throw ApiException.payloadTooLarge(max);
            }
            boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
            if (hasBody && isApi(ctx.path()) && !isJson(ctx.contentType())) {
                throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
            }
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.equals("application/json");
    }

    private String newRequestId() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> ApiException.notFound("Resource not found");
            case 405 -> new ApiException(405, "METHOD_NOT_ALLOWED", "Method not allowed");
            case 413 -> ApiException.payloadTooLarge();
            case 415 -> new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
            case 400 -> ApiException.validation("request", "malformed request");
            case 401 -> ApiException.unauthorized("Authentication required");
            case 403 -> ApiException.forbidden("Access denied");
            default -> e.getStatus() >= 500
                    ? new ApiException(500, "INTERNAL_ERROR", "Internal server error")
                    : new ApiException(e.getStatus(), "VALIDATION_ERROR", "Request refused");
        };
    }

    private ApiException fromUnexpected(Exception e, Context ctx) {
        if (isDatabaseUnavailable(e)) {
            LOG.warn("database unavailable (request {}): {}", requestId(ctx), e.getClass().getSimpleName());
            return ApiException.unavailable("Service temporarily unavailable", 5);
        }
        LOG.error("unexpected error (request {})", requestId(ctx), e);
        return new ApiException(500, "INTERNAL_ERROR", "Internal server error");
    }

    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P01")
                    || sql.getSQLState().equals("57P03"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public void writeError(Context ctx, ApiException e) {
        if (ctx.attribute(REQUEST_ID) == null) {
            begin0(ctx);
        }
        ctx.status(e.status());
        ctx.contentType(JSON);
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        Object body = shapes.entrySet().stream().filter(s -> ctx.path().startsWith(s.getKey())).findFirst()
                .map(s -> s.getValue().body(e))
                .orElseGet(() -> keywardBody(ctx, e));
        try {
            ctx.result(mapper.writeValueAsBytes(body));
        } catch (Exception ex) {
            ctx.result("{\"error\":\"Internal server error\",\"code\":\"INTERNAL_ERROR\"}");
        }
    }

    private ErrorBody keywardBody(Context ctx, ApiException e) {
        String message = e.code().equals("EMAIL_VERIFICATION_REQUIRED")
                ? "Please verify your email address before logging in" : null;
        return new ErrorBody(e.getMessage(), e.code(), e.details(), message, requestId(ctx),
                TIMESTAMP.format(Instant.now(clock)), ctx.path(), e.status() == 429 ? e.retryAfterSeconds() : null);
    }

    private void begin0(Context ctx) {
        String id = newRequestId();
        ctx.attribute(REQUEST_ID, id);
        ctx.header("X-Request-Id", id);
    }

    private void finish(Context ctx, Float ms) {
        String route = route(ctx);
        int status = ctx.statusCode();
        Long started = ctx.attribute(STARTED);
        long nanos = started != null ? System.nanoTime() - started : (long) (ms * 1_000_000);
        String method = ctx.method().toString();
        timers.computeIfAbsent(method + ' ' + status + ' ' + route, k -> Timer.builder("keyward_http_requests")
                        .description("HTTP requests by route and status")
                        .tag("method", method)
                        .tag("route", route)
                        .tag("status", String.valueOf(status))
                        .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
        // These are refused before any route runs ("unmatched"): the path tells which client to fix.
        String path = status != 405 && status != 413 && status != 415 ? ""
                : " path=" + ctx.path().substring(0, Math.min(200, ctx.path().length())).replaceAll("[^\\x21-\\x7e]", "?");
        ACCESS.info("{} {} {} {}ms id={}{}", method, route, status, tenths((nanos + 50_000) / 100_000), requestId(ctx), path);
    }

    /** "12.3" for 123 tenths of a millisecond, as String.format's "%.1f" wrote it, without its Formatter. */
    static String tenths(long tenthsOfAMillisecond) {
        return tenthsOfAMillisecond / 10 + "." + tenthsOfAMillisecond % 10;
    }

    private static String route(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().lastHttpEndpoint();
            if (e != null && e.method != HandlerType.BEFORE && e.method != HandlerType.AFTER) {
                return e.path;
            }
        } catch (RuntimeException ignored) {
            // no endpoint matched
        }
        return "unmatched";
    }
}
