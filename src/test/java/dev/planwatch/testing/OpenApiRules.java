package dev.planwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/**
 * The served OpenAPI document as JSON Schema for validating replies. The document states one rule
 * for the whole API instead of per field: a field without a value is null, never omitted. {@link
 * #withNulls} applies it (every named property also admits null); {@link #closed} makes an object
 * refuse any property its schema does not name, so a reply that carries more than the document
 * says fails.
 */
public final class OpenApiRules {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenApiRules() {
    }

    /** The document the running application serves. */
    public static JsonNode document() {
        try {
            return MAPPER.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code schema} (changed in place) with every named property admitting null. */
    public static JsonNode withNulls(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode object = (ObjectNode) schema;
            object.fields().forEachRemaining(field -> withNulls(field.getValue()));
            if (object.path("properties").isObject()) {
                object.path("properties").fields().forEachRemaining(property -> nullable(property.getValue()));
            }
        } else if (schema.isArray()) {
            schema.forEach(OpenApiRules::withNulls);
        }
        return schema;
    }

    /**
     * {@code schema} (changed in place) closed: an object may carry no property its schema does not
     * name. The parts of an {@code allOf} each name some properties, so there the whole is closed
     * instead ({@code unevaluatedProperties}).
     */
    public static JsonNode closed(JsonNode schema) {
        return closed(schema, false);
    }

    private static JsonNode closed(JsonNode node, boolean partOfAllOf) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.fields().forEachRemaining(field -> {
                if (field.getKey().equals("allOf")) {
                    field.getValue().forEach(part -> closed(part, true));
                } else {
                    closed(field.getValue(), false);
                }
            });
            if (object.has("allOf") && !partOfAllOf) {
                object.put("unevaluatedProperties", false);
            }
            if (object.path("properties").isObject() && !partOfAllOf && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
        } else if (node.isArray()) {
            node.forEach(item -> closed(item, false));
        }
        return node;
    }

    /**
     * Fails unless {@code reply} validates against the document's schema for that operation and
     * status: its own null rule, closed.
     */
    public static void assertMatches(JsonNode document, String method, String url, int status, String reply) {
        String what = method + " " + url;
        JsonNode operation = operation(document, method, url.replaceAll("\\?.*", ""));
        JsonNode schema = operation.path("responses").path(Integer.toString(status)).path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            throw new AssertionError(what + ": the document has no schema for " + status);
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", closed(withNulls(document.path("components").deepCopy())));
        root.setAll((ObjectNode) closed(withNulls(schema.deepCopy())));
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        Set<ValidationMessage> errors;
        try {
            errors = validator.validate(MAPPER.readTree(reply));
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + reply, e);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(what + " does not match the document: " + errors.stream().map(ValidationMessage::getMessage)
                    .collect(Collectors.joining("; ")) + "\n" + reply);
        }
    }

    private static JsonNode operation(JsonNode document, String method, String path) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String regex = Pattern.quote(entry.getKey()).replaceAll("\\{\\w+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex) && entry.getValue().has(method.toLowerCase())) {
                return entry.getValue().path(method.toLowerCase());
            }
        }
        throw new AssertionError("the document has no operation " + method + " " + path);
    }

    private static void nullable(JsonNode property) {
        if (!property.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) property;
        if (object.has("$ref") || object.has("allOf") || object.has("oneOf")) {
            JsonNode copy = object.deepCopy();
            object.removeAll();
            ArrayNode anyOf = object.putArray("anyOf");
            anyOf.add(copy);
            anyOf.addObject().put("type", "null");
        } else if (object.path("type").isTextual()) {
            object.set("type", MAPPER.createArrayNode().add(object.path("type").asText()).add("null"));
        }
    }
}
