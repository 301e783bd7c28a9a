package dev.keyward.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP call as a generated client describes it. Built and sent on the calling thread and
 * never shared, so it needs no synchronisation.
 */
final class Call {
    final String method;
    final String pathTemplate;
    final List<List<Auth>> security = new ArrayList<>();
    final Map<String, String> pathParams = new LinkedHashMap<>();
    final Map<String, Object> queryParams = new LinkedHashMap<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    Object body;
    String accept;

    private Call(String method, String pathTemplate) {
        this.method = method;
        this.pathTemplate = pathTemplate;
    }

    static Call of(String method, String pathTemplate) {
        return new Call(method, pathTemplate);
    }

    /** One way to authenticate (all of {@code allOf} together); the first one the client can satisfy is used. */
    Call auth(Auth... allOf) {
        security.add(List.of(allOf));
        return this;
    }

    Call path(String name, Object value) {
        pathParams.put(name, String.valueOf(value));
        return this;
    }

    Call query(String name, Object value) {
        if (value != null) {
            queryParams.put(name, value);
        }
        return this;
    }

    Call header(String name, Object value) {
        if (value != null) {
            headers.put(name, String.valueOf(value));
        }
        return this;
    }

    Call json(Object body) {
        this.body = body;
        return this;
    }

    Call accept(String mediaType) {
        this.accept = mediaType;
        return this;
    }

    @Override
    public String toString() {
        return method + " " + pathTemplate;
    }
}
