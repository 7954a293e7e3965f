package dev.tidings.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A message published with policy PUBSUB or BOTH, for internal subscribers of the channel
 * (topic {@code tidings.channel-messages.v1}, key {@code appId/channel}).
 */
public record ChannelMessage(EventMeta meta, String appId, String channel, String messageId, JsonNode message,
                             String publisherId, Map<String, String> headers, Instant timestamp) {
}
