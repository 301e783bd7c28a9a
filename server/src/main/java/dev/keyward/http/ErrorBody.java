package dev.keyward.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** The one error shape of every endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String code, Map<String, String> details, String message,
                        String requestId, String timestamp, String path, Integer retryAfter) {
}
