package dev.tidings.dispatcher.provider.apns;

import dev.tidings.dispatcher.provider.Verdict;
import java.util.Set;

/** What an APNs rejection means for the device and the message. Pure. */
public final class ApnsOutcomes {
    private static final Set<String> DEAD_TOKEN = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic", "ExpiredToken");
    private static final Set<String> BAD_MESSAGE = Set.of("PayloadTooLarge", "PayloadEmpty", "BadCollapseId",
            "BadExpirationDate", "BadPriority", "BadMessageId", "BadPath", "MethodNotAllowed", "InvalidPushType",
            "DuplicateHeaders", "MissingDeviceToken");
    private static final Set<String> RETRYABLE = Set.of("TooManyRequests", "TooManyProviderTokenUpdates",
            "InternalServerError", "ServiceUnavailable", "Shutdown", "IdleTimeout",
            // pushy signs a fresh token on the next attempt
            "ExpiredProviderToken");
    private static final Set<String> OPERATOR_FAULT = Set.of("BadCertificate", "BadCertificateEnvironment",
            "InvalidProviderToken", "MissingProviderToken", "Forbidden", "BadTopic", "MissingTopic",
            "TopicDisallowed", "UnrelatedKeyIdInToken");

    /**
     * @param status the HTTP status of the answer
     * @param reason APNs' reason, or null when it gave none
     */
    public static Verdict classify(int status, String reason) {
        if (status == 200) {
            return Verdict.DELIVERED;
        }
        if (reason != null) {
            if (DEAD_TOKEN.contains(reason)) {
                return Verdict.DEAD_TOKEN;
            }
            if (BAD_MESSAGE.contains(reason)) {
                return Verdict.BAD_MESSAGE;
            }
            if (RETRYABLE.contains(reason)) {
                return Verdict.RETRYABLE;
            }
            if (OPERATOR_FAULT.contains(reason)) {
                return Verdict.OPERATOR_FAULT;
            }
        }
        if (status == 403) {
            return Verdict.OPERATOR_FAULT;
        }
        if (status == 410) {
            return Verdict.DEAD_TOKEN;
        }
        return status == 429 || status >= 500 ? Verdict.RETRYABLE : Verdict.BAD_MESSAGE;
    }

    private ApnsOutcomes() {
    }
}
