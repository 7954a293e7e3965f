package dev.tidings.dispatcher.provider.apns;

import dev.tidings.contracts.events.DeliveryReport.Outcome;
import java.util.Set;

/** What an APNs rejection reason means for the device and the message. Pure. */
public final class ApnsOutcomes {
    private static final Set<String> DEAD_TOKEN = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic", "ExpiredToken");

    public static Outcome classify(String rejectionReason) {
        return DEAD_TOKEN.contains(rejectionReason) ? Outcome.TOKEN_INVALID : Outcome.FAILED;
    }

    private ApnsOutcomes() {
    }
}
