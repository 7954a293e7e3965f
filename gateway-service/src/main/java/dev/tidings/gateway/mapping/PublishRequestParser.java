package dev.tidings.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.PushBroadcast;
import dev.tidings.contracts.push.PushHeaders;
import dev.tidings.contracts.push.PushRenderer;
import dev.tidings.contracts.segment.SegmentQueryParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and checks a Backendless publish body. Pure: it throws {@link ApiException}s, it sends nothing. */
public final class PublishRequestParser {
    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_NAME = 256;
    static final int MAX_HEADER_VALUE = 4096;
    static final int MAX_SINGLECAST = 10_000;

    /** @throws ApiException (5900) unless the body is one JSON value of clean UTF-8 text */
    public static JsonNode readJson(byte[] body) {
        return Json.readRequest(body);
    }

    public static PublishRequest parse(JsonNode body) {
        return parse(body, java.time.Instant.now());
    }

    /** @param now the time a {@code publishAt} is compared with */
    public static PublishRequest parse(JsonNode body, java.time.Instant now) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "the body must be a JSON object");
        }
        JsonNode message = body.get("message");
        if (message == null || message.isNull()) {
            throw ApiException.badRequest(ErrorCodes.MISSING_MESSAGE, "message is required");
        }
        Timing timing = Timing.parse(body, now);
        PublishPolicy policy;
        int broadcast;
        try {
            if (body.hasNonNull("publishPolicy") && body.hasNonNull("pushPolicy")) {
                throw new IllegalArgumentException("give publishPolicy or the legacy pushPolicy, not both");
            }
            policy = PublishPolicy.parse(text(body, "publishPolicy"), text(body, "pushPolicy"));
            broadcast = PushBroadcast.parse(scalar(body.get("pushBroadcast")));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        Map<String, String> headers = headers(body.get("headers"));
        try {
            PushHeaders.validate(headers);
        } catch (PushHeaders.ReservedHeaderException e) {
            throw ApiException.badRequest(ErrorCodes.RESERVED_HEADER, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        if (policy.push()) {
            try {
                PushRenderer.checkSize(PushRenderer.android(message, headers), PushRenderer.ios(message, headers));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(ErrorCodes.PAYLOAD_TOO_LARGE, e.getMessage());
            }
        }
        String segmentQuery = text(body, "segmentQuery");
        if (segmentQuery != null) {
            try {
                SegmentQueryParser.parse(segmentQuery);
            } catch (SegmentQueryParser.InvalidQueryException e) {
                throw ApiException.badRequest(ErrorCodes.INVALID_SEGMENT_QUERY, e.getMessage());
            }
        }
        return new PublishRequest(message, text(body, "publisherId"), headers, policy, broadcast,
                singlecast(body.get("pushSinglecast")), segmentQuery, timing, null);
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw invalid("headers must be an object of names to values");
        }
        if (node.size() > MAX_HEADERS) {
            throw invalid("at most " + MAX_HEADERS + " headers");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode value = f.getValue();
            if (f.getKey().isEmpty() || f.getKey().length() > MAX_HEADER_NAME) {
                throw invalid("a header name must have 1 to " + MAX_HEADER_NAME + " characters");
            }
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                throw invalid("header " + f.getKey() + " must be a string, number or boolean");
            }
            if (value.asText().length() > MAX_HEADER_VALUE) {
                throw invalid("header " + f.getKey() + " is longer than " + MAX_HEADER_VALUE + " characters");
            }
            headers.put(f.getKey(), value.asText());
        }
        return headers;
    }

    private static List<String> singlecast(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw invalid("pushSinglecast must be a non-empty list of device ids");
        }
        if (node.size() > MAX_SINGLECAST) {
            throw invalid("pushSinglecast lists at most " + MAX_SINGLECAST + " devices");
        }
        List<String> ids = new ArrayList<>(node.size());
        for (JsonNode id : node) {
            if (!id.isTextual() || id.asText().isEmpty()) {
                throw invalid("pushSinglecast must be a list of device ids (strings)");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static Object scalar(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        throw invalid("pushBroadcast must be a number or operating-system names");
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return node.asText();
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCodes.INVALID_FIELD, message);
    }

    private PublishRequestParser() {
    }
}
