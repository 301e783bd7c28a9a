package dev.keyward.codegen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes one schema as a Jackson-annotated record, components in the schema's property order. */
final class RecordWriter {
    private final Types types;
    private final String modelPackage;

    RecordWriter(Types types, String modelPackage) {
        this.types = types;
        this.modelPackage = modelPackage;
    }

    SourceFile write(String name, JsonNode schema) {
        Imports imports = new Imports(modelPackage);
        List<String> components = new ArrayList<>();
        List<String> doc = new ArrayList<>();
        doc.add(schema.has("description") ? Javadoc.sentence(schema.get("description").asText()) : "The {@code " + name + "} schema.");
        doc.add("");
        Set<String> used = new HashSet<>();
        List<String> fields = new ArrayList<>();
        List<String> fieldTypes = new ArrayList<>();
        int lastRequired = -1;
        for (Types.Property p : types.properties(schema)) {
            String field = Names.memberName(p.jsonName());
            while (!used.add(field)) {
                field = field + "_";
            }
            String type = types.javaType(p.schema(), name + Names.typeName(p.jsonName()), imports);
            components.add("@" + imports.use("com.fasterxml.jackson.annotation.JsonProperty") + "("
                    + Names.literal(p.jsonName()) + ") " + type + " " + field);
            doc.add("@param " + field + " " + describe(p));
            fields.add(field);
            fieldTypes.add(type);
            if (p.required()) {
                lastRequired = fields.size() - 1;
            }
        }
        String include = imports.use("com.fasterxml.jackson.annotation.JsonInclude");
        String ignore = imports.use("com.fasterxml.jackson.annotation.JsonIgnoreProperties");
        String generated = imports.use("javax.annotation.processing.Generated");
        StringBuilder out = new StringBuilder();
        out.append(Generator.HEADER).append("package ").append(modelPackage).append(";\n\n");
        out.append(imports.render()).append('\n');
        out.append(Javadoc.block("", doc));
        out.append("@").append(generated).append("(\"").append(Generator.NAME).append("\")\n");
        out.append("@").append(include).append("(").append(include).append(".Include.NON_NULL)\n");
        out.append("@").append(ignore).append("(ignoreUnknown = true)\n");
        out.append("public record ").append(name).append("(");
        for (int i = 0; i < components.size(); i++) {
            out.append("\n        ").append(components.get(i)).append(i < components.size() - 1 ? "," : "");
        }
        out.append(") {\n");
        if (lastRequired >= 0 && lastRequired < fields.size() - 1) {
            out.append(shortConstructor(name, fields, fieldTypes, lastRequired + 1));
        }
        out.append("}\n");
        return new SourceFile(modelPackage.replace('.', '/') + "/" + name + ".java", out.toString());
    }

    /** Lets callers leave out the optional components that follow the last required one. */
    private static String shortConstructor(String name, List<String> fields, List<String> types, int count) {
        StringBuilder out = new StringBuilder("    /** Leaves out the optional ");
        List<String> omitted = fields.subList(count, fields.size());
        out.append(omitted.size() == 1 ? "component {@code " + omitted.get(0) + "}" : "components {@code " + String.join("}, {@code ", omitted) + "}")
                .append(". */\n");
        out.append("    public ").append(name).append("(");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ", ").append(types.get(i)).append(' ').append(fields.get(i));
        }
        out.append(") {\n        this(");
        for (int i = 0; i < fields.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(i < count ? fields.get(i) : "null");
        }
        return out.append(");\n    }\n").toString();
    }

    private String describe(Types.Property p) {
        JsonNode s = types.resolve(p.schema());
        List<String> parts = new ArrayList<>();
        JsonNode description = p.schema().has("description") ? p.schema().get("description") : s.get("description");
        if (description != null) {
            parts.add(Javadoc.escape(description.asText()));
        }
        if (s.has("enum")) {
            List<String> values = new ArrayList<>();
            s.get("enum").forEach(v -> values.add(v.asText()));
            parts.add("one of: " + Javadoc.escape(String.join(", ", values)));
        }
        if (s.has("minimum") && s.has("maximum")) {
            parts.add(s.get("minimum").asText() + ".." + s.get("maximum").asText());
        } else if (s.has("minimum")) {
            parts.add("at least " + s.get("minimum").asText());
        } else if (s.has("maximum")) {
            parts.add("at most " + s.get("maximum").asText());
        }
        if (s.has("format")) {
            parts.add(Javadoc.escape(s.get("format").asText()));
        }
        parts.add(p.required() ? "required" : "optional, omitted when null");
        return String.join("; ", parts);
    }
}
