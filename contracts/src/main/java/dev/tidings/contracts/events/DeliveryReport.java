package dev.tidings.contracts.events;

import dev.tidings.contracts.Os;
import java.time.Instant;
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
        String reason,
        Schedule schedule) {

    public enum Kind {
        /** template-service resolved the audience: {@code audience} says how many devices */
        AUDIENCE,
        /** a dispatcher's outcomes for some devices */
        OUTCOMES,
        /** the occurrence cannot be sent at all; {@code reason} says why */
        REJECTED,
        /**
         * the scheduler's progress on a delayed or repeating message: {@code schedule} says its state, how many
         * firings it has handed off and when the next is due; {@code occurrence} is that count
         */
        SCHEDULE
    }

    /** Where a schedule stands. Reports of one message carry a rising {@code version}; older ones are stale. */
    public enum ScheduleState {
        /** waiting for its next firing */
        WAITING,
        /** the last firing has been handed off */
        FINISHED,
        /** cancelled; nothing fires any more */
        CANCELLED,
        /** it was due so long ago that it was not sent; {@code reason} says when it was due */
        EXPIRED
    }

    public record Schedule(ScheduleState state, int fired, Instant nextDueAt, long version) {
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
        return new DeliveryReport(EventMeta.now(), appId, messageId, occurrence, Kind.AUDIENCE, audience, null, null, null);
    }

    public static DeliveryReport outcomes(String appId, String messageId, int occurrence, List<DeviceOutcome> outcomes) {
        return new DeliveryReport(EventMeta.now(), appId, messageId, occurrence, Kind.OUTCOMES, null, outcomes, null, null);
    }

    public static DeliveryReport schedule(String appId, String messageId, Schedule schedule, String reason) {
        return new DeliveryReport(EventMeta.now(), appId, messageId, schedule.fired(), Kind.SCHEDULE, null, null, reason,
                schedule);
    }

    public static DeliveryReport rejected(String appId, String messageId, int occurrence, String reason) {
        return new DeliveryReport(EventMeta.now(), appId, messageId, occurrence, Kind.REJECTED, null, null, reason, null);
    }
}
