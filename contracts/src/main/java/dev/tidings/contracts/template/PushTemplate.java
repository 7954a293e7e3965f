package dev.tidings.contracts.template;

import java.util.List;
import java.util.Map;

/**
 * A push template: what to say, to whom, and how it looks on each operating system. Saved through the
 * admin API (checked by {@link TemplateParser}), sent with {@code POST /messaging/push/{name}}, and carried
 * inside the occurrences it causes, so a message sends the template as it was when it was published.
 * Text fields may hold smart text ({@link SmartText}); every absent field is null.
 */
public record PushTemplate(String name, Content content, Audience audience, Ios ios, Android android, Delivery delivery) {

    /** @param headers custom data for the app on the device (FCM {@code data}, APNs top-level keys) */
    public record Content(String message, String title, String subtitle, Map<String, String> headers) {
    }

    /**
     * @param platforms {@code IOS} and/or {@code ANDROID}; both when absent
     * @param channel the channel whose devices receive it; {@code default} when absent
     * @param segmentQuery a where clause over registrations that narrows the channel's devices
     */
    public record Audience(List<String> platforms, String channel, String segmentQuery) {
    }

    /** The iOS look: APNs {@code aps} fields. The alert body is the content's message. */
    public record Ios(
            String alertTitle,
            String alertSubtitle,
            Integer badge,
            String sound,
            String attachmentUrl,
            Boolean mutableContent,
            Boolean contentAvailable,
            String threadId,
            Category category) {
    }

    /** An APNs notification category: its id goes in {@code aps.category}; the app registers the actions. */
    public record Category(String id, List<IosAction> actions) {
    }

    /** @param options any of {@code foreground}, {@code destructive}, {@code authenticationRequired} */
    public record IosAction(String id, String title, List<String> options) {
    }

    /**
     * The Android look: FCM {@code android.notification} fields, and data keys for what FCM has no field for.
     *
     * @param priority the notification's own priority: {@code min}, {@code low}, {@code default}, {@code high}, {@code max}
     * @param ttlSeconds overrides {@link Delivery#ttlSeconds()} for Android
     */
    public record Android(
            String contentTitle,
            String summaryText,
            String icon,
            String largeIcon,
            String color,
            Integer badgeNumber,
            String sound,
            String attachmentUrl,
            String priority,
            Long ttlSeconds,
            Long cancelAfterSeconds,
            String actionOnTap,
            List<AndroidAction> actions,
            String channelId) {
    }

    /** A button under an Android notification, drawn by the app from the {@code android-actions} data key. */
    public record AndroidAction(String id, String title, String icon) {
    }

    /**
     * How providers handle the message.
     *
     * @param ttlSeconds how long a provider keeps it for an offline device (FCM {@code android.ttl},
     *                   APNs {@code apns-expiration}); 0 means now or never
     * @param collapseKey later messages with the same key replace earlier ones (FCM {@code android.collapse_key},
     *                    APNs {@code apns-collapse-id}, at most 64 bytes)
     * @param priority {@code high} (the default) or {@code normal} (FCM {@code android.priority}, APNs 10 or 5)
     */
    public record Delivery(Long ttlSeconds, String collapseKey, String priority) {
    }

    /** Whether devices of this system receive it. */
    public boolean targets(String os) {
        return audience == null || audience.platforms() == null || audience.platforms().contains(os);
    }
}
