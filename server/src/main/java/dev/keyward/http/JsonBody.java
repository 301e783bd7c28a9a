package dev.keyward.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.mail.EmailAddress;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request body read strictly: no type coercion (an email given as an array or a number is an
 * error, not its string form), no control characters, every problem reported per field at once.
 * Unknown fields are ignored so that newer clients keep working.
 */
public final class JsonBody {
    public static final int MAX_BYTES = 16 * 1024;
    static final int MAX_SECRET_LENGTH = 128;
    private static final ObjectMapper MAPPER = Json.mapper();

    private final ObjectNode node;
    private final Map<String, String> errors;
    private final String prefix;

    private JsonBody(ObjectNode node, Map<String, String> errors, String prefix) {
        this.node = node;
        this.errors = errors;
        this.prefix = prefix;
    }

    public static JsonBody parse(InputStream in) {
        return parse(in, MAX_BYTES);
    }

    /** The same for the few endpoints that take larger bodies (mail templates); see {@link HttpPipeline#allowLargerBodies}. */
    public static JsonBody parse(InputStream in, int maxBytes) {
        byte[] bytes = readLimited(in, maxBytes);
        if (bytes.length == 0) {
            throw ApiException.validation("body", "a JSON object is required");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "duplicate key in JSON object" : "malformed JSON";
            throw ApiException.validation("body", reason);
        } catch (IOException e) {
            throw ApiException.validation("body", "malformed JSON");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        return new JsonBody(object, new LinkedHashMap<>(), "");
    }

    static byte[] readLimited(InputStream in) {
        return readLimited(in, MAX_BYTES);
    }

    private static byte[] readLimited(InputStream in, int maxBytes) {
        try {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw ApiException.payloadTooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.validation("body", "could not be read");
        }
    }

    /** A required email address in canonical form. */
    public EmailAddress email(String field) {
        String raw = string(field);
        if (raw == null) {
            return null;
        }
        Optional<EmailAddress> e = EmailAddress.tryParse(raw);
        if (e.isEmpty()) {
            reject(field, raw.trim().length() > 254 ? "must be at most 254 characters" : "must be a valid email address");
            return null;
        }
        return e.get();
    }

    /** A required one-time secret (code or token): a string of at most 128 characters, never trimmed. */
    public String secret(String field) {
        String v = string(field);
        if (v != null && v.length() > MAX_SECRET_LENGTH) {
            reject(field, "must be at most " + MAX_SECRET_LENGTH + " characters");
            return null;
        }
        return v;
    }

    /** An optional free-text field such as a name: trimmed, at most {@code maxLength} characters. */
    public String optionalText(String field, int maxLength) {
        String v = optionalString(field).map(String::trim).orElse(null);
        if (v != null && v.length() > maxLength) {
            reject(field, "must be at most " + maxLength + " characters");
        }
        return v;
    }

    /** A required free-text field, trimmed, at most {@code maxLength} characters. */
    public String text(String field, int maxLength) {
        String v = optionalText(field, maxLength);
        if (v == null) {
            errors.putIfAbsent(prefix + field, "is required");
        }
        return v;
    }

    public boolean isExplicitNull(String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNull();
    }

    /** A required string; blank counts as missing. */
    public String string(String field) {
        return optionalString(field).orElseGet(() -> {
            errors.putIfAbsent(prefix + field, "is required");
            return null;
        });
    }

    public Optional<String> optionalString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            errors.put(prefix + field, "must be a string");
            return Optional.empty();
        }
        String s = v.textValue();
        if (hasControlCharacters(s)) {
            errors.put(prefix + field, "must not contain control characters");
            return Optional.empty();
        }
        if (s.isBlank()) {
            errors.put(prefix + field, "must not be blank");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /**
     * A required text of several lines (a mail template's part): line breaks and tabs are allowed,
     * other control characters are not; empty counts as missing.
     */
    public String multilineText(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isBlank()) {
            errors.putIfAbsent(prefix + field, "is required");
            return null;
        }
        if (!v.isTextual()) {
            errors.put(prefix + field, "must be a string");
            return null;
        }
        String s = v.textValue();
        if (hasControlCharacters(s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '))) {
            errors.put(prefix + field, "must not contain control characters other than line breaks and tabs");
            return null;
        }
        return s;
    }

    /** A nested object; its fields' problems are reported as {@code field.name} on this body. */
    public Optional<JsonBody> optionalObject(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!(v instanceof ObjectNode object)) {
            errors.put(prefix + field, "must be a JSON object");
            return Optional.empty();
        }
        return Optional.of(new JsonBody(object, errors, prefix + field + "."));
    }

    /** An optional array of strings, each checked like {@link #optionalString}; {@code max} entries at most. */
    public Optional<List<String>> optionalStringList(String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray() || v.size() > max) {
            errors.put(prefix + field, "must be an array of at most " + max + " strings");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.textValue().isBlank() || hasControlCharacters(item.textValue())) {
                errors.put(prefix + field, "must be an array of non-blank strings without control characters");
                return Optional.empty();
            }
            out.add(item.textValue());
        }
        return Optional.of(out);
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            errors.put(prefix + field, "must be true or false");
            return Optional.empty();
        }
        return Optional.of(v.booleanValue());
    }

    public Optional<Integer> optionalInt(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            errors.put(prefix + field, "must be a whole number");
            return Optional.empty();
        }
        return Optional.of(v.intValue());
    }

    public Integer integer(String field) {
        return optionalInt(field).orElseGet(() -> {
            errors.putIfAbsent(prefix + field, "is required");
            return null;
        });
    }

    public void reject(String field, String reason) {
        errors.putIfAbsent(prefix + field, reason);
    }

    public boolean hasError(String field) {
        return errors.containsKey(prefix + field);
    }

    /** Throws one VALIDATION_ERROR listing every problem found so far. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    public static boolean hasControlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
