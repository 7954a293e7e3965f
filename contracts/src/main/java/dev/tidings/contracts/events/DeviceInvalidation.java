package dev.tidings.contracts.events;

import dev.tidings.contracts.Os;
import java.time.Instant;

/**
 * A provider said a device's token is dead (topic {@code tidings.device-invalidations.v1}, key deviceId).
 * Template-service deactivates the device unless it was registered again after {@code invalidatedAt}.
 *
 * @param invalidatedAt when the provider says the token stopped being valid (APNs 410 timestamp), or when
 *     the dispatcher heard of it
 */
public record DeviceInvalidation(EventMeta meta, String appId, String deviceId, Os os, String token, String reason,
                                 Instant invalidatedAt) {
}
