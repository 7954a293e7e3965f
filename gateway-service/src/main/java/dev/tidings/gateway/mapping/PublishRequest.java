package dev.tidings.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.events.TemplateSend;
import java.util.List;
import java.util.Map;

/**
 * A validated publish call, sent now or as {@code timing} says. {@code pushSinglecast} is null when the message goes to the channel;
 * {@code segmentQuery}, when set, parsed once already, narrows the audience. {@code template} is set for a
 * push-template send (whose audience the other fields then repeat), null for a plain publish.
 */
public record PublishRequest(
        JsonNode message,
        String publisherId,
        Map<String, String> headers,
        PublishPolicy policy,
        int pushBroadcast,
        List<String> pushSinglecast,
        String segmentQuery,
        Timing timing,
        TemplateSend template) {
}
