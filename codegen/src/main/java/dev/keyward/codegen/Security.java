package dev.keyward.codegen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** An operation's security requirements (its own, else the spec's): as {@code Auth} expressions and as prose. */
final class Security {
    private final OpenApi api;

    Security(OpenApi api) {
        this.api = api;
    }

    /** One {@code Auth...} expression list per security requirement, in the spec's order. */
    List<String> expressions(Operation op) {
        List<String> out = new ArrayList<>();
        for (JsonNode requirement : requirements(op)) {
            List<String> schemes = new ArrayList<>();
            requirement.fieldNames().forEachRemaining(name -> schemes.add(scheme(op, name)));
            out.add(String.join(", ", schemes));
        }
        return out;
    }

    /** "credentials: a or b and c", or empty when the spec says nothing. */
    String doc(Operation op) {
        List<String> alternatives = new ArrayList<>();
        for (JsonNode requirement : requirements(op)) {
            List<String> schemes = new ArrayList<>();
            requirement.fieldNames().forEachRemaining(schemes::add);
            alternatives.add(schemes.isEmpty() ? "none" : String.join(" and ", schemes));
        }
        return alternatives.isEmpty() ? "" : "credentials: " + String.join(" or ", alternatives);
    }

    private JsonNode requirements(Operation op) {
        return op.node().has("security") ? op.node().get("security") : api.root().path("security");
    }

    private String scheme(Operation op, String name) {
        JsonNode scheme = api.resolve(api.root().path("components").path("securitySchemes").path(name));
        String type = scheme.path("type").asText();
        if (type.equals("http") && scheme.path("scheme").asText().equalsIgnoreCase("bearer")) {
            return "Auth.bearer(" + Names.literal(name) + ")";
        }
        if (type.equals("apiKey") && scheme.path("in").asText().equals("header")) {
            return "Auth.header(" + Names.literal(name) + ", " + Names.literal(scheme.path("name").asText()) + ")";
        }
        if (type.equals("apiKey") && scheme.path("in").asText().equals("query")) {
            return "Auth.query(" + Names.literal(name) + ", " + Names.literal(scheme.path("name").asText()) + ")";
        }
        throw new SpecException(op.operationId() + ": security scheme '" + name + "' (" + type + ") is not supported");
    }
}
