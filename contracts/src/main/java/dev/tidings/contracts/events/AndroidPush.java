package dev.tidings.contracts.events;

import java.util.Map;

/**
 * An FCM HTTP v1 message without its target, as rendered by template-service. Field names follow the FCM
 * v1 {@code Message} resource so the dispatcher maps them one to one onto firebase-admin's builders.
 *
 * @param data custom key/value pairs; FCM carries them as strings whatever their JSON type was
 */
public record AndroidPush(Notification notification, Android android, Map<String, String> data) {

    /** The cross-platform {@code notification} block. */
    public record Notification(String title, String body, String image) {
    }

    /** The {@code android} block: delivery options and the Android-only look of the notification. */
    public record Android(String collapseKey, String priority, Long ttlSeconds, AndroidNotification notification) {
    }

    /**
     * The {@code android.notification} block.
     *
     * @param notificationCount the badge number ({@code notification_count})
     * @param priority {@code notification_priority} without its prefix: MIN, LOW, DEFAULT, HIGH or MAX
     */
    public record AndroidNotification(
            String title,
            String body,
            String ticker,
            String sound,
            String icon,
            String color,
            String clickAction,
            String channelId,
            String image,
            Integer notificationCount,
            String priority) {
    }
}
