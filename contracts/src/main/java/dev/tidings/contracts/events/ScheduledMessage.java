package dev.tidings.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A publish accepted for later or for repeated sending (topic {@code tidings.schedules.v1}, key messageId).
 * The scheduler keeps it until due and then emits one {@link Occurrence} per firing (and a
 * {@link ChannelMessage} when the policy includes pub/sub), numbered from 1.
 *
 * @param firstDueAt when the first firing is due ({@code publishAt}, or the time of the publish)
 * @param repeatEvery seconds between firings of a repeating message; null for a one-shot message
 * @param repeatExpiresAt no firing is due after this instant; null for a series that runs until cancelled
 * @param template for a push-template send, the template and its values (see {@link Occurrence#template()})
 */
public record ScheduledMessage(
        EventMeta meta,
        String appId,
        String messageId,
        boolean push,
        boolean pubsub,
        String channel,
        JsonNode message,
        String publisherId,
        Map<String, String> headers,
        int pushBroadcast,
        List<String> pushSinglecast,
        String segmentQuery,
        Instant firstDueAt,
        Long repeatEvery,
        Instant repeatExpiresAt,
        TemplateSend template) {

    /**
     * Firing number {@code n}. Its event id is derived from the occurrence id, so a firing handed off twice
     * (after a crash) is the same event twice, and consumers deduplicate it.
     */
    public Occurrence occurrence(int n, Instant at) {
        return new Occurrence(firingMeta("occurrence", n, at), appId, messageId, n, channel, message, publisherId,
                headers, pushBroadcast, pushSinglecast, segmentQuery, template);
    }

    public ChannelMessage channelMessage(int n, Instant at) {
        return new ChannelMessage(firingMeta("channel-message", n, at), appId, channel, messageId, message,
                publisherId, headers, at);
    }

    private EventMeta firingMeta(String kind, int n, Instant at) {
        return new EventMeta(messageId + ":" + n + ":" + kind, at, EventMeta.SCHEMA_VERSION);
    }
}
