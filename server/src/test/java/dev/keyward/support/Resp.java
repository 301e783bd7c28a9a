package dev.keyward.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpHeaders;

/** A response as the client saw it. */
public record Resp(int status, HttpHeaders headers, String body) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + status + "): " + body, e);
        }
    }

    public String field(String name) {
        JsonNode n = json().get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    public String code() {
        return field("code");
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
