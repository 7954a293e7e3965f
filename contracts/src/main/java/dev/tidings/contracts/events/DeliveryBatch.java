package dev.tidings.contracts.events;

import dev.tidings.contracts.Os;
import java.util.List;

/**
 * Up to {@link #MAX_RECIPIENTS} devices of one operating system that get the same rendered notification
 * (topics {@code tidings.deliveries.android.v1} and {@code tidings.deliveries.ios.v1}).
 * Exactly one of {@code android} and {@code ios} is set, matching {@code os}.
 */
public record DeliveryBatch(
        EventMeta meta,
        String appId,
        String messageId,
        int occurrence,
        Os os,
        int attempt,
        AndroidPush android,
        IosPush ios,
        List<Recipient> recipients) {

    public static final int MAX_RECIPIENTS = 500;

    public String occurrenceId() {
        return messageId + ":" + occurrence;
    }
}
