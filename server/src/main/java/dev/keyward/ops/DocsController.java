package dev.keyward.ops;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Map;

/**
 * GET /docs: the API reference rendered by Swagger UI from the bundled webjar, so the page works
 * offline. Only the three files the page needs are served, from the jar, never from the disk.
 */
public final class DocsController {
    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/5.34.1/";
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");

    public void routes(JavalinConfig config) {
        config.routes.get("/docs", this::page);
        config.routes.get("/docs/assets/{file}", this::asset);
    }

    private void page(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result("""
                <!doctype html><html><head><meta charset="utf-8"><title>Keyward API</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="icon" href="/docs/assets/favicon-32x32.png">
                <link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="/docs/assets/swagger-ui-bundle.js"></script>
                <script>window.ui = SwaggerUIBundle({url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true});</script>
                </body></html>""");
    }

    private void asset(Context ctx) {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) {
            throw dev.keyward.http.ApiException.notFound("Resource not found");
        }
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.contentType(type).result(OpsController.load(WEBJAR + file));
    }
}
