package dev.keyward.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;

/** An OpenAPI 3.0 document as a tree, with local {@code $ref}s resolved on request. */
final class OpenApi {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final JsonNode root;

    private OpenApi(JsonNode root) {
        if (!root.path("openapi").asText().startsWith("3.")) {
            throw new SpecException("not an OpenAPI 3 document (no 'openapi: 3.x' at the top)");
        }
        this.root = root;
    }

    static OpenApi parse(String yaml) {
        try {
            return new OpenApi(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new SpecException("cannot read the spec: " + e.getMessage());
        }
    }

    JsonNode root() {
        return root;
    }

    JsonNode schemas() {
        return root.path("components").path("schemas");
    }

    /** The node itself, or what its {@code $ref} (and that one's, and so on) points at. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            if (hops > 20) {
                throw new SpecException("$ref cycle at " + node.get("$ref").asText());
            }
            current = lookup(current.get("$ref").asText());
        }
        return current;
    }

    /** {@code Name} for a {@code #/components/schemas/Name} reference, else null. */
    static String schemaRefName(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        String prefix = "#/components/schemas/";
        return ref != null && ref.startsWith(prefix) && ref.indexOf('/', prefix.length()) < 0
                ? unescape(ref.substring(prefix.length())) : null;
    }

    private JsonNode lookup(String ref) {
        if (!ref.startsWith("#/")) {
            throw new SpecException("only local $refs are supported, found '" + ref + "'");
        }
        JsonNode node = root;
        for (String segment : ref.substring(2).split("/")) {
            node = node.path(unescape(segment));
        }
        if (node instanceof MissingNode) {
            throw new SpecException("$ref '" + ref + "' points at nothing");
        }
        return node;
    }

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }
}
