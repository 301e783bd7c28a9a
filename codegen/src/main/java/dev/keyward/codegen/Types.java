package dev.keyward.codegen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps schemas to Java types. Every object schema with properties becomes a record: component
 * schemas under their own name, inline ones under a name derived from where they appear.
 */
final class Types {
    private final OpenApi api;
    private final String modelPackage;
    private final Map<String, JsonNode> records = new LinkedHashMap<>();
    private final Map<String, String> componentRecords = new LinkedHashMap<>();

    Types(OpenApi api, String modelPackage) {
        this.api = api;
        this.modelPackage = modelPackage;
        api.schemas().fields().forEachRemaining(e -> {
            if (isRecord(e.getValue())) {
                String name = Names.typeName(e.getKey());
                if (records.containsKey(name)) {
                    throw new SpecException("schemas '" + e.getKey() + "' and another both map to record " + name);
                }
                records.put(name, e.getValue());
                componentRecords.put(e.getKey(), name);
            }
        });
    }

    JsonNode resolve(JsonNode schema) {
        return api.resolve(schema);
    }

    /** Records to write, by simple name; grows while types of inline objects are asked for. */
    Map<String, JsonNode> records() {
        return records;
    }

    /** A property of a record: its JSON name, schema and whether the schema requires it. */
    record Property(String jsonName, JsonNode schema, boolean required) {
    }

    /** The properties of an object schema in declaration order, {@code allOf} parts merged. */
    List<Property> properties(JsonNode schema) {
        Map<String, JsonNode> props = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        collect(api.resolve(schema), props, required, 0);
        List<Property> out = new ArrayList<>();
        props.forEach((name, s) -> out.add(new Property(name, s, required.contains(name))));
        return out;
    }

    private void collect(JsonNode schema, Map<String, JsonNode> props, Set<String> required, int depth) {
        if (depth > 10) {
            throw new SpecException("allOf nested too deeply");
        }
        for (JsonNode part : schema.path("allOf")) {
            collect(api.resolve(part), props, required, depth + 1);
        }
        schema.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue()));
        schema.path("required").forEach(r -> required.add(r.asText()));
    }

    private boolean isRecord(JsonNode schema) {
        JsonNode s = api.resolve(schema);
        if (s.has("properties")) {
            return true;
        }
        for (JsonNode part : s.path("allOf")) {
            if (isRecord(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Java type for {@code schema}, importing what it needs; an inline object with
     * properties becomes a new record called {@code inlineName}.
     */
    String javaType(JsonNode schema, String inlineName, Imports imports) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            return imports.use("java.lang.Object");
        }
        String refName = OpenApi.schemaRefName(schema);
        if (refName != null && componentRecords.containsKey(refName)) {
            return imports.use(modelPackage + "." + componentRecords.get(refName));
        }
        if (schema.has("$ref")) {
            return javaType(api.resolve(schema), refName != null ? Names.typeName(refName) : inlineName, imports);
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1 && !schema.has("properties")) {
            return javaType(schema.get("allOf").get(0), inlineName, imports);
        }
        if (isRecord(schema)) {
            return imports.use(modelPackage + "." + inlineRecord(schema, inlineName));
        }
        if (schema.has("oneOf") || schema.has("anyOf")) {
            return imports.use("java.lang.Object");
        }
        String type = schema.path("type").asText("");
        String format = schema.path("format").asText("");
        switch (type) {
            case "string":
                return switch (format) {
                    case "date-time" -> imports.use("java.time.OffsetDateTime");
                    case "date" -> imports.use("java.time.LocalDate");
                    default -> "String";
                };
            case "integer":
                return format.equals("int64") ? "Long" : "Integer";
            case "number":
                return format.equals("float") ? "Float" : "Double";
            case "boolean":
                return "Boolean";
            case "array":
                return imports.use("java.util.List") + "<" + javaType(schema.path("items"), inlineName + "Item", imports) + ">";
            case "object":
            case "":
                JsonNode values = schema.path("additionalProperties");
                String valueType = values.isObject() && values.size() > 0
                        ? javaType(values, inlineName + "Value", imports) : imports.use("java.lang.Object");
                return imports.use("java.util.Map") + "<String, " + valueType + ">";
            default:
                throw new SpecException("unknown schema type '" + type + "' for " + inlineName);
        }
    }

    private String inlineRecord(JsonNode schema, String wanted) {
        String name = Names.typeName(wanted);
        for (int n = 2; records.containsKey(name) && records.get(name) != schema; n++) {
            name = Names.typeName(wanted) + n;
        }
        records.put(name, schema);
        return name;
    }
}
