package dev.tidings.contracts.events;

import dev.tidings.contracts.Os;
import java.util.List;

/**
 * What happened to an occurrence (topic {@code tidings.delivery-results.v1}, key messageId).
 * Template-service sends one {@link Kind#AUDIENCE} report with the number of recipients; dispatchers send
 * {@link Kind#OUTCOMES} reports with one entry per device. The gateway folds them into the message status;
 * an outcome for the same (occurrence, device) counts once however often it arrives.
 */
public record DeliveryReport(
        EventMeta meta,
        String appId,
        String messageId,
        int occurrence,
        Kind kind,
        Audience audience,
        List<DeviceOutcome> outcomes,
        String reason) {

    public enum Kind {
        /** template-service resolved the audience: {@code audience} says how many devices */
        AUDIENCE,
        /** a dispatcher's outcomes for some devices */
        OUTCOMES,
        /** the occurrence cannot be sent at all; {@code reason} says why */
        REJECTED
    }

    public enum Outcome {
        /** the provider accepted the notification */
        DELIVERED,
        /** the provider refused it, or it could not be sent */
        FAILED,
        /** the provider said the token is dead; the device is deactivated */
        TOKEN_INVALID
    }

    public record Audience(int recipients, int android, int ios) {
    }

    public record DeviceOutcome(String deviceId, Os os, Outcome outcome, String reason) {
    }

    public static DeliveryReport audience(String appId, String messageId, int occurrence, Audience audience) {
        return new DeliveryReport(EventMeta.now(), appId, messageId, occurrence, Kind.AUDIENCE, audience, null, null);
    }

    public static DeliveryReport outcomes(String appId, String messageId, int occurrence, List<DeviceOutcome> outcomes) {
        return new DeliveryReport(EventMeta.now(), appId, messageId, occurrence, Kind.OUTCOMES, null, outcomes, null);
    }

    public static DeliveryReport rejected(String appId, String messageId, int occurrence, String reason) {
        return new DeliveryReport(EventMeta.now(), appId, messageId, occurrence, Kind.REJECTED, null, null, reason);
    }
}
