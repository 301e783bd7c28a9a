package dev.keyward.codegen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** One operation of the spec with its parameters resolved (path-level ones merged in). */
record Operation(String method, String path, String operationId, String tag, JsonNode node, List<JsonNode> parameters) {
}
