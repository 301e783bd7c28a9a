package dev.keyward.codegen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one client class per tag with one method per operation, named after its operationId.
 * The methods build a {@code Call} and hand it to the hand-written {@code Transport}, which lives
 * in the same package.
 */
final class ApiWriter {
    private final OpenApi api;
    private final Types types;
    private final Security security;
    private final String apiPackage;

    ApiWriter(OpenApi api, Types types, String apiPackage) {
        this.api = api;
        this.types = types;
        this.security = new Security(api);
        this.apiPackage = apiPackage;
    }

    SourceFile write(String tag, String description, List<Operation> operations) {
        String className = Names.typeName(tag) + "Api";
        Imports imports = new Imports(apiPackage);
        StringBuilder methods = new StringBuilder();
        for (Operation op : operations) {
            methods.append('\n').append(method(op, imports));
        }
        String generated = imports.use("javax.annotation.processing.Generated");
        StringBuilder out = new StringBuilder();
        out.append(Generator.HEADER).append("package ").append(apiPackage).append(";\n\n");
        out.append(imports.render()).append('\n');
        List<String> doc = new ArrayList<>();
        doc.add(description == null ? "Operations tagged {@code " + Javadoc.escape(tag) + "}." : Javadoc.sentence(description));
        doc.add("");
        doc.add("<p>Obtained from {@link KeywardClient}; thread-safe. Every non-2xx answer is thrown as a {@link KeywardApiException}.");
        out.append(Javadoc.block("", doc));
        out.append("@").append(generated).append("(\"").append(Generator.NAME).append("\")\n");
        out.append("public final class ").append(className).append(" {\n");
        out.append("    private final Transport transport;\n\n");
        out.append("    ").append(className).append("(Transport transport) {\n");
        out.append("        this.transport = transport;\n");
        out.append("    }\n");
        out.append(methods);
        out.append("}\n");
        return new SourceFile(apiPackage.replace('.', '/') + "/" + className + ".java", out.toString());
    }

    private record Arg(String javaName, String type, String kind, String wireName, boolean required, String doc) {
    }

    private String method(Operation op, Imports imports) {
        String base = Names.typeName(op.operationId());
        List<Arg> args = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String in : List.of("path", "query", "header")) {
            for (JsonNode p : op.parameters()) {
                if (!p.path("in").asText().equals(in)) {
                    continue;
                }
                String wire = p.path("name").asText();
                String type = types.javaType(p.path("schema"), base + Names.typeName(wire), imports);
                boolean required = in.equals("path") || p.path("required").asBoolean(false);
                String doc = p.has("description") ? Javadoc.escape(p.get("description").asText())
                        : in + " parameter {@code " + Javadoc.escape(wire) + "}";
                args.add(new Arg(unique(Names.memberName(wire), names), type, in, wire, required,
                        doc + (required ? "" : " (optional, omitted when null)")));
            }
        }
        JsonNode requestBody = api.resolve(op.node().path("requestBody"));
        if (!requestBody.isMissingNode()) {
            JsonNode media = jsonMedia(requestBody.path("content"), op, "request body");
            String type = types.javaType(media.path("schema"), base + "Request", imports);
            String name = type.endsWith("Request") ? "request" : type.contains("<") ? "body" : Names.decapitalize(type);
            boolean required = requestBody.path("required").asBoolean(false);
            String doc = requestBody.has("description") ? Javadoc.escape(requestBody.get("description").asText()) : "the request body";
            args.add(new Arg(unique(name, names), type, "body", null, required, doc + (required ? "" : " (optional)")));
        }

        Response response = response(op, imports, base);
        List<String> doc = new ArrayList<>();
        doc.add(op.node().has("summary") ? Javadoc.sentence(op.node().get("summary").asText()) : "Calls {@code " + op.operationId() + "}.");
        if (op.node().has("description")) {
            doc.add("");
            doc.add("<p>" + Javadoc.escape(op.node().get("description").asText()));
        }
        doc.add("");
        String credentials = security.doc(op);
        doc.add("<p>{@code " + op.method() + " " + Javadoc.escape(op.path()) + "}" + (credentials.isEmpty() ? "" : "; " + credentials) + ".");
        doc.add("");
        for (Arg a : args) {
            doc.add("@param " + a.javaName() + " " + a.doc());
        }
        if (!response.type().equals("void")) {
            doc.add("@return " + response.doc());
        }
        doc.add("@throws KeywardApiException when the server answers with a non-2xx status");

        StringBuilder out = new StringBuilder(Javadoc.block("    ", doc));
        out.append("    public ").append(response.type()).append(' ').append(Names.memberName(op.operationId())).append('(');
        for (int i = 0; i < args.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(args.get(i).type()).append(' ').append(args.get(i).javaName());
        }
        out.append(") {\n");
        for (Arg a : args) {
            if (a.required()) {
                out.append("        ").append(imports.use("java.util.Objects")).append(".requireNonNull(")
                        .append(a.javaName()).append(", ").append(Names.literal(a.javaName())).append(");\n");
            }
        }
        out.append("        ").append(response.type().equals("void") ? "" : "return ")
                .append("transport.send(Call.of(").append(Names.literal(op.method())).append(", ")
                .append(Names.literal(op.path())).append(")");
        for (String auth : security.expressions(op)) {
            out.append("\n                .auth(").append(auth).append(")");
        }
        for (Arg a : args) {
            switch (a.kind()) {
                case "body" -> out.append("\n                .json(").append(a.javaName()).append(")");
                default -> out.append("\n                .").append(a.kind()).append("(").append(Names.literal(a.wireName()))
                        .append(", ").append(a.javaName()).append(")");
            }
        }
        if (response.accept() != null) {
            out.append("\n                .accept(").append(Names.literal(response.accept())).append(")");
        }
        out.append(", ").append(response.token()).append(");\n");
        out.append("    }\n");
        return out.append(withoutOptionals(op, args, response)).toString();
    }

    /**
     * The same call with the optional parameters left out (sent as absent), like the records'
     * short constructors: {@code getDevMailbox()} instead of {@code getDevMailbox(null)}.
     */
    private String withoutOptionals(Operation op, List<Arg> args, Response response) {
        List<Arg> kept = args.stream().filter(a -> a.required() || a.kind().equals("body")).toList();
        if (kept.size() == args.size()) {
            return "";
        }
        List<String> doc = new ArrayList<>();
        doc.add(op.node().has("summary") ? Javadoc.sentence(op.node().get("summary").asText()) : "Calls {@code " + op.operationId() + "}.");
        doc.add("");
        doc.add("<p>The same call without its optional parameters ({@code " + String.join("}, {@code ", args.stream()
                .filter(a -> !kept.contains(a)).map(Arg::javaName).toList()) + "}): none of them is sent.");
        doc.add("");
        kept.forEach(a -> doc.add("@param " + a.javaName() + " " + a.doc()));
        if (!response.type().equals("void")) {
            doc.add("@return " + response.doc());
        }
        doc.add("@throws KeywardApiException when the server answers with a non-2xx status");
        StringBuilder out = new StringBuilder("\n").append(Javadoc.block("    ", doc));
        String name = Names.memberName(op.operationId());
        out.append("    public ").append(response.type()).append(' ').append(name).append('(')
                .append(String.join(", ", kept.stream().map(a -> a.type() + " " + a.javaName()).toList())).append(") {\n");
        out.append("        ").append(response.type().equals("void") ? "" : "return ").append(name).append('(')
                .append(String.join(", ", args.stream().map(a -> kept.contains(a) ? a.javaName() : "null").toList()))
                .append(");\n    }\n");
        return out.toString();
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        while (!taken.add(candidate)) {
            candidate = candidate + "_";
        }
        return candidate;
    }

    /** The Java type a method returns, what to pass to {@code Transport.send}, and its doc. */
    private record Response(String type, String token, String accept, String doc) {
    }

    private Response response(Operation op, Imports imports, String base) {
        JsonNode responses = op.node().path("responses");
        String status = null;
        for (Iterator<String> it = responses.fieldNames(); it.hasNext(); ) {
            String code = it.next();
            if (code.startsWith("2") && (status == null || code.compareTo(status) < 0)) {
                status = code;
            }
        }
        if (status == null) {
            return new Response("void", "Void.class", null, null);
        }
        JsonNode response = api.resolve(responses.get(status));
        String doc = "the " + status + " response" + (response.has("description")
                ? ": " + Javadoc.escape(response.get("description").asText()) : "");
        JsonNode content = response.path("content");
        if (content.size() == 0) {
            return new Response("void", "Void.class", null, null);
        }
        Map.Entry<String, JsonNode> json = findJson(content);
        if (json != null) {
            String type = types.javaType(json.getValue().path("schema"), base + "Response", imports);
            String token = type.contains("<")
                    ? "new " + imports.use("com.fasterxml.jackson.core.type.TypeReference") + "<" + type + ">() { }"
                    : type + ".class";
            return new Response(type, token, json.getKey(), doc);
        }
        Map.Entry<String, JsonNode> first = content.fields().next();
        return new Response("String", "String.class", first.getKey(), doc + " (the body as text)");
    }

    private static Map.Entry<String, JsonNode> findJson(JsonNode content) {
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (type.equals("application/json") || type.endsWith("+json")) {
                return e;
            }
        }
        return null;
    }

    private static JsonNode jsonMedia(JsonNode content, Operation op, String what) {
        Map.Entry<String, JsonNode> json = findJson(content);
        if (json == null) {
            throw new SpecException(op.operationId() + ": only JSON " + what + "s are supported");
        }
        return json.getValue();
    }
}
