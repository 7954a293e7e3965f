package dev.tidings.gateway;

/**
 * Backendless message statuses, as they appear on the wire (lower case).
 * {@code scheduled}: accepted, and some devices have no outcome yet; {@code published}: every
 * recipient has an outcome (or there was nobody to send to).
 */
public final class MessageStatus {
    public static final String SCHEDULED = "scheduled";
    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    private MessageStatus() {
    }
}
