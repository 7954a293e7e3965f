package dev.tidings.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON codec for events on Kafka: ISO-8601 instants, nulls left out, unknown fields tolerated. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** reads request bodies: a field given twice is an error, not "the last one wins" */
    private static final com.fasterxml.jackson.databind.ObjectReader UNTRUSTED = MAPPER.reader()
            .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    public static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a valid event of that type */
    public static <T> T decode(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a request body from its bytes: one JSON value, valid UTF-8, nothing after it, and no text
     * (key or value) with a NUL character or half a surrogate pair, which no database or provider takes.
     *
     * @throws IllegalArgumentException saying what is wrong, fit for the caller
     */
    public static JsonNode readUntrusted(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the body is empty; send a JSON object");
        }
        String text;
        try {
            // Java's decoder refuses what Jackson's lets through: overlong forms, code points above U+10FFFF
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the body is not valid UTF-8");
        }
        JsonNode tree;
        try {
            tree = UNTRUSTED.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw new IllegalArgumentException(e.getOriginalMessage().startsWith("Duplicate field")
                    ? "the body has a field twice: " + e.getOriginalMessage() : "the body is not valid JSON (UTF-8)");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON (UTF-8)");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IllegalArgumentException("the body is empty; send a JSON object");
        }
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
        todo.push(tree);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isTextual()) {
                requireCleanText(node.textValue());
            } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
                // integers too: a 400-digit integer is a BigInteger, beyond any double
                throw new IllegalArgumentException("a number in the body is beyond the range of a double");
            } else if (node.isObject()) {
                node.fieldNames().forEachRemaining(Json::requireCleanText);
                node.elements().forEachRemaining(todo::push);
            } else if (node.isArray()) {
                node.elements().forEachRemaining(todo::push);
            }
        }
        return tree;
    }

    /**
     * {@link #readUntrusted} for an HTTP request body.
     *
     * @throws ApiException 400/5900 saying what is wrong with the body
     */
    public static JsonNode readRequest(byte[] body) {
        try {
            return readUntrusted(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when the text has a NUL character or an unpaired surrogate */
    public static void requireCleanText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException("text must not contain NUL characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text must be valid Unicode (an unpaired surrogate was found)");
            }
        }
    }

    private Json() {
    }
}
