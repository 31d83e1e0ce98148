package dev.planwatch.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;

/** Tolerant accessors for hand- and machine-written JSON whose value types vary. */
public final class Json {

    private Json() {
    }

    /** A string field; numbers and booleans are given as text, anything else as null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        return value.asText();
    }

    public static Long longValue(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static Integer intValue(JsonNode node, String field) {
        Long value = longValue(node, field);
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    public static Boolean bool(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return null;
    }

    /** An array of strings (numbers given as text, other items left out); empty when absent or not an array. */
    public static java.util.List<String> texts(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<String> items = new java.util.ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (item.isValueNode() && !item.isNull()) {
                items.add(item.asText());
            }
        }
        return java.util.List.copyOf(items);
    }

    public static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static final DefaultPrettyPrinter PYTHON_STYLE = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    /**
     * {@code node} as Python's {@code json.dump(indent=2)} writes it, with a final newline: files the
     * orchestrator also writes keep one format, and a rewrite shows no spurious diff.
     */
    public static byte[] pythonStyle(ObjectMapper mapper, JsonNode node) throws JsonProcessingException {
        return (mapper.writer(PYTHON_STYLE).writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code node} as JavaScript's {@code JSON.stringify(value, null, 2)} writes it (no final
     * newline): how the orchestrator's status tools write status.json.
     */
    public static byte[] javascriptStyle(ObjectMapper mapper, JsonNode node) throws JsonProcessingException {
        return mapper.writer(PYTHON_STYLE).writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    }
}
