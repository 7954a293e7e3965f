package dev.tidings.contracts.events;

/** A device to notify: its Backendless device id and its provider token. */
public record Recipient(String deviceId, String token) {
}
