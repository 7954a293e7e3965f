package dev.tidings.template.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Custom properties of a device or a user: names to strings, numbers or booleans. */
public final class Properties {
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final int MAX_TEXT = 1024;

    /**
     * @param node a JSON object, or null for none; a null value leaves that property out
     * @throws ApiException made by {@code invalid} from the reason
     */
    public static Map<String, Object> parse(JsonNode node, int max, Function<String, ApiException> invalid) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return properties;
        }
        if (!node.isObject()) {
            throw invalid.apply("properties must be an object of names to strings, numbers or booleans");
        }
        if (node.size() > max) {
            throw invalid.apply("at most " + max + " properties");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!NAME.matcher(f.getKey()).matches()) {
                throw invalid.apply("property name \"" + f.getKey() + "\" must be letters, digits and '_' (up to 64)");
            }
            JsonNode v = f.getValue();
            if (v.isTextual() && v.asText().length() <= MAX_TEXT) {
                properties.put(f.getKey(), v.asText());
            } else if (v.isNumber()) {
                properties.put(f.getKey(), v.decimalValue());
            } else if (v.isBoolean()) {
                properties.put(f.getKey(), v.asBoolean());
            } else if (!v.isNull()) {
                throw invalid.apply("property " + f.getKey() + " must be a string (up to " + MAX_TEXT
                        + " characters), number or boolean");
            }
        }
        return properties;
    }

    /** A stored JSON object of properties as the text smart text inserts: numbers as written, booleans as true/false. */
    public static Map<String, String> asText(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null) {
            return out;
        }
        JsonNode node = dev.tidings.contracts.Json.decode(json, JsonNode.class);
        node.fields().forEachRemaining(f -> {
            String text = dev.tidings.contracts.template.SmartText.text(f.getValue());
            if (text != null) {
                out.put(f.getKey(), text);
            }
        });
        return out;
    }

    private Properties() {
    }
}
