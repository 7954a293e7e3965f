package dev.tidings.dispatcher.provider;

import java.time.Duration;
import java.time.Instant;

/**
 * A provider's answer for one device.
 *
 * @param reason the provider's error (or why nothing was sent); null when delivered
 * @param retryAfter how long the provider asked the sender to wait, or null
 * @param attempts the HTTP requests made for this device in this dispatch, the client library's own retries
 *     included; 0 when nothing could be sent
 * @param invalidSince for a dead token, since when the provider says it is (APNs' 410 timestamp), or null
 */
public record Answer(String deviceId, Verdict verdict, String reason, Duration retryAfter, int attempts, Instant invalidSince) {

    public Answer(String deviceId, Verdict verdict, String reason, Duration retryAfter, int attempts) {
        this(deviceId, verdict, reason, retryAfter, attempts, null);
    }

    public static Answer delivered(String deviceId, int attempts) {
        return new Answer(deviceId, Verdict.DELIVERED, null, null, attempts);
    }

    /** Nothing was sent: the app's credential is missing or does not load. */
    public static Answer notSent(String deviceId, String reason) {
        return new Answer(deviceId, Verdict.OPERATOR_FAULT, reason, null, 0);
    }

    public Answer withVerdict(Verdict verdict, String reason) {
        return new Answer(deviceId, verdict, reason, retryAfter, attempts, invalidSince);
    }
}
