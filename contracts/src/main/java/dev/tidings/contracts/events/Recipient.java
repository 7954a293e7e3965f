package dev.tidings.contracts.events;

/**
 * A device to notify: its Backendless device id and its provider token. A personalised send gives the
 * device a payload of its own ({@code android} or {@code ios}, matching the batch); otherwise both are
 * null and the batch's payload applies.
 */
public record Recipient(String deviceId, String token, AndroidPush android, IosPush ios) {

    public Recipient(String deviceId, String token) {
        this(deviceId, token, null, null);
    }
}
