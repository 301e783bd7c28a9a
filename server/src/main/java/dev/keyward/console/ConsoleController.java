package dev.keyward.console;

import dev.keyward.http.ApiException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /console: the admin console, plain HTML, CSS and JavaScript modules served from the jar
 * (never from the disk, never from a CDN). The page holds an admin key, so every file carries a
 * CSP that allows only this origin and no inline code, and the page cannot be framed.
 */
public final class ConsoleController {
    /** Strict: only our own files, no inline code, no framing, and DOM sinks that refuse strings. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
            + "require-trusted-types-for 'script'";
    private static final String ROOT = "/console/";
    /** A flat file name: no directories, so no path can leave the console's folder. */
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]{1,40}\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml; charset=utf-8");

    /** Only files that exist: a miss is not remembered, so made-up names cannot grow the map. */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    private record Asset(byte[] bytes, String etag) { }

    public void routes(JavalinConfig config) {
        config.routes.get("/console", this::page);
        config.routes.get("/console/{file}", this::asset);
    }

    private void page(Context ctx) {
        Asset index = load("index.html").orElseThrow(() -> new IllegalStateException("console/index.html missing from the jar"));
        protect(ctx);
        // The page is where a key is typed: never kept by a cache or a shared proxy.
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(index.bytes());
    }

    private void asset(Context ctx) {
        Matcher m = ASSET.matcher(ctx.pathParam("file"));
        Asset asset = (m.matches() ? load(m.group()) : Optional.<Asset>empty())
                .orElseThrow(() -> ApiException.notFound("Resource not found"));
        protect(ctx);
        // Revalidated every time, so an upgraded server never runs a page with last version's modules.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(TYPES.get(m.group(1))).result(asset.bytes());
    }

    private static void protect(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private Optional<Asset> load(String file) {
        Asset cached = cache.get(file);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = ConsoleController.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            Asset asset = new Asset(bytes, "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 12) + "\"");
            cache.put(file, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
