package dev.tidings.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One firing of a published message (topic {@code tidings.occurrences.v1}, key messageId): what to say,
 * and whom to say it to. Template-service resolves the audience and cuts delivery batches from it.
 *
 * @param pushBroadcast operating-system bit mask (see {@link dev.tidings.contracts.PushBroadcast})
 * @param pushSinglecast device ids to send to instead of the channel's devices; null for the channel
 * @param segmentQuery a where clause over registrations that narrows the audience, or null
 * @param template for a push-template send: the template (whose audience the fields above repeat) and the
 *                 send's values, rendered per recipient; null for a plain publish
 */
public record Occurrence(
        EventMeta meta,
        String appId,
        String messageId,
        int occurrence,
        String channel,
        JsonNode message,
        String publisherId,
        Map<String, String> headers,
        int pushBroadcast,
        List<String> pushSinglecast,
        String segmentQuery,
        TemplateSend template) {

    public String occurrenceId() {
        return messageId + ":" + occurrence;
    }
}
