package dev.tidings.contracts.events;

import dev.tidings.contracts.Os;
import java.util.List;

/**
 * Up to {@link #MAX_RECIPIENTS} devices of one operating system and what to send them
 * (topics {@code tidings.deliveries.android.v1} and {@code tidings.deliveries.ios.v1}).
 * For a shared payload exactly one of {@code android} and {@code ios} is set, matching {@code os}; for a
 * personalised template send both are null and every {@link Recipient} carries its own.
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
