package dev.tidings.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Channels;
import dev.tidings.contracts.ErrorCodes;
import java.util.regex.Pattern;

/**
 * A publish that an internal service wrote to {@code tidings.publish-requests.v1}: the HTTP publish body
 * with {@code appId}, {@code channel} and, optionally, the producer's own {@code messageId} beside it.
 *
 * @param messageId the producer's id for the message, or null for one derived from the record's position
 */
public record IngressRequest(String appId, String channel, String messageId, PublishRequest request) {
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,100}");

    /** the HTTP body limit (quarkus.http.limits.max-body-size), for records too */
    public static final int MAX_BYTES = 1024 * 1024;

    /**
     * Reads and checks one record's value with the same rules as the HTTP publish. Pure.
     *
     * @param now when the record was written: a {@code publishAt} is judged against it, so a record that
     *            waited in the topic is not refused for the time it waited
     * @throws ApiException with the code an HTTP caller would get for the same body
     */
    public static IngressRequest parse(byte[] value, java.time.Instant now) {
        if (value != null && value.length > MAX_BYTES) {
            throw new ApiException(413, ErrorCodes.BODY_TOO_LARGE, "the record is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode body = PublishRequestParser.readJson(value);
        if (!body.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "a publish request must be a JSON object");
        }
        String appId = text(body, "appId");
        if (appId == null || appId.isBlank()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "appId is required");
        }
        String channel = text(body, "channel");
        if (channel == null) {
            throw ApiException.badRequest(ErrorCodes.INVALID_CHANNEL, "channel is required");
        }
        Channels.requirePublishable(channel);
        String messageId = text(body, "messageId");
        if (messageId != null && !MESSAGE_ID.matcher(messageId).matches()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD,
                    "messageId must have 1 to 100 letters, digits, '_', '-', '.' or ':'");
        }
        return new IngressRequest(appId, channel, messageId, PublishRequestParser.parse(body, now));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, field + " must be a string");
        }
        return node.asText();
    }
}
