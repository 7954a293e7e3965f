package dev.tidings.contracts.push;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Backendless publish headers that shape a notification, and the checks made on them before a
 * message is accepted, so a bad header is refused at the door instead of failing in a consumer.
 */
public final class PushHeaders {
    public static final String IOS_ALERT_TITLE = "ios-alert-title";
    public static final String IOS_ALERT_SUBTITLE = "ios-alert-subtitle";
    public static final String IOS_ALERT_BODY = "ios-alert-body";
    public static final String IOS_ALERT = "ios-alert";
    public static final String IOS_BADGE = "ios-badge";
    public static final String IOS_SOUND = "ios-sound";
    public static final String IOS_CONTENT_AVAILABLE = "ios-content-available";
    public static final String IOS_RICH_MEDIA_URL = "ios-rich-media-url";
    public static final String ANDROID_TICKER_TEXT = "android-ticker-text";
    public static final String ANDROID_CONTENT_TITLE = "android-content-title";
    public static final String ANDROID_CONTENT_TEXT = "android-content-text";
    public static final String ANDROID_SUMMARY_SUBTEXT = "android-summary-subtext";
    public static final String ANDROID_CONTENT_SOUND = "android-content-sound";
    public static final String ANDROID_LARGE_ICON = "android-large-icon";
    public static final String ANDROID_ACTION = "android-action";

    /** custom-data key that carries the message text to the app on the device */
    public static final String MESSAGE_KEY = "message";
    /** custom-data key that tells the Backendless client SDKs which push template a notification came from */
    public static final String TEMPLATE_NAME_KEY = "template_name";

    /** data keys FCM refuses ({@code from}, {@code notification}, {@code message_type}), APNs' own {@code aps}, and ours */
    private static final List<String> RESERVED = List.of("from", "notification", "message_type", "aps", MESSAGE_KEY,
            TEMPLATE_NAME_KEY);
    private static final List<String> RESERVED_PREFIXES = List.of("google", "gcm");

    /** Whether a header is the app's own data rather than a notification setting. */
    public static boolean isCustom(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return !key.startsWith("ios-") && !key.startsWith("android-");
    }

    /** The reason a custom header name cannot travel to devices, or null when it can. */
    public static String reserved(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(key)) {
            return "header \"" + name + "\" is a reserved key (FCM reserves from, notification and message_type;"
                    + " APNs reserves aps; Tidings puts the message text in \"message\" and a template's name in \"template_name\")";
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (key.startsWith(prefix)) {
                return "header \"" + name + "\" starts with \"" + prefix + "\", which FCM reserves";
            }
        }
        return null;
    }

    /** The badge number of an {@code ios-badge} value: a whole number from 0 (0 clears the badge). */
    public static int badge(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("ios-badge must be a whole number from 0, got \"" + value + "\"");
    }

    /** Whether a flag header ({@code ios-content-available}) is set: {@code true} or {@code 1}. */
    public static boolean isSet(String value) {
        return value != null && (value.trim().equalsIgnoreCase("true") || value.trim().equals("1"));
    }

    /** @throws IllegalArgumentException naming the first header that cannot be delivered as given */
    public static void validate(Map<String, String> headers) {
        String badge = headers.get(IOS_BADGE);
        if (badge != null) {
            badge(badge);
        }
        for (String name : headers.keySet()) {
            if (isCustom(name)) {
                String reason = reserved(name);
                if (reason != null) {
                    throw new ReservedHeaderException(reason);
                }
            }
        }
    }

    /** A custom header whose name a provider (or Tidings) keeps for itself. */
    public static final class ReservedHeaderException extends IllegalArgumentException {
        public ReservedHeaderException(String message) {
            super(message);
        }
    }

    private PushHeaders() {
    }
}
