package dev.keyward.codegen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns an OpenAPI document into the SDK's sources: a record per schema, a client per tag. */
public final class Generator {
    static final String NAME = "dev.keyward.codegen";
    static final String HEADER = "// Generated from openapi.yaml by keyward-codegen. Do not edit: change the spec instead.\n";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final String apiPackage;
    private final String modelPackage;

    public Generator(String apiPackage, String modelPackage) {
        this.apiPackage = apiPackage;
        this.modelPackage = modelPackage;
    }

    public List<SourceFile> generate(String specYaml) {
        OpenApi api = OpenApi.parse(specYaml);
        Types types = new Types(api, modelPackage);
        List<SourceFile> files = new ArrayList<>();

        ApiWriter apis = new ApiWriter(api, types, apiPackage);
        operationsByTag(api).forEach((tag, ops) ->
                files.add(apis.write(tag, tagDescription(api, tag), ops)));

        // Writing a record can discover inline object schemas, which become records too.
        RecordWriter records = new RecordWriter(types, modelPackage);
        Set<String> written = new HashSet<>();
        List<SourceFile> models = new ArrayList<>();
        while (written.size() < types.records().size()) {
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(types.records().entrySet())) {
                if (written.add(e.getKey())) {
                    models.add(records.write(e.getKey(), e.getValue()));
                }
            }
        }
        files.addAll(models);
        return files;
    }

    private static Map<String, List<Operation>> operationsByTag(OpenApi api) {
        // Declared tags get a class even before their first operation, so the runtime can name it.
        Map<String, List<Operation>> byTag = new LinkedHashMap<>();
        api.root().path("tags").forEach(t -> byTag.put(t.path("name").asText(), new ArrayList<>()));
        Set<String> ids = new HashSet<>();
        api.root().path("paths").fields().forEachRemaining(pathEntry -> {
            String path = pathEntry.getKey();
            JsonNode item = api.resolve(pathEntry.getValue());
            for (String method : iterable(item.fieldNames())) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                JsonNode node = item.get(method);
                String where = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
                String id = node.path("operationId").asText(null);
                if (id == null || id.isBlank()) {
                    throw new SpecException(where + " has no operationId; the SDK names its method after it");
                }
                if (!ids.add(Names.memberName(id))) {
                    throw new SpecException(where + ": operationId '" + id + "' is used twice");
                }
                String tag = node.path("tags").path(0).asText("default");
                byTag.computeIfAbsent(tag, t -> new ArrayList<>())
                        .add(new Operation(method.toUpperCase(java.util.Locale.ROOT), path, id, tag, node,
                                parameters(api, item, node, where)));
            }
        });
        return byTag;
    }

    /** Path-level parameters, overridden by operation-level ones with the same name and location. */
    private static List<JsonNode> parameters(OpenApi api, JsonNode item, JsonNode op, String where) {
        Map<String, JsonNode> merged = new LinkedHashMap<>();
        for (JsonNode source : List.of(item.path("parameters"), op.path("parameters"))) {
            for (JsonNode p : source) {
                JsonNode resolved = api.resolve(p);
                String in = resolved.path("in").asText();
                if (!Set.of("path", "query", "header").contains(in)) {
                    throw new SpecException(where + ": parameters in '" + in + "' are not supported");
                }
                merged.put(in + ":" + resolved.path("name").asText(), resolved);
            }
        }
        return new ArrayList<>(merged.values());
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }

    private static String tagDescription(OpenApi api, String tag) {
        for (JsonNode t : api.root().path("tags")) {
            if (t.path("name").asText().equals(tag) && t.has("description")) {
                return t.get("description").asText();
            }
        }
        return null;
    }
}
