package dev.tidings.contracts;

import java.util.Locale;
import java.util.Map;

/**
 * The Backendless publish headers that shape a notification, and the checks the gateway makes on them
 * before it accepts a message (so a bad header is refused at the door, not lost in a consumer).
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

    /** Whether a header is the app's own data rather than a notification setting. */
    public static boolean isCustom(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return !key.startsWith("ios-") && !key.startsWith("android-");
    }

    /** The badge number of an {@code ios-badge} value: a whole number, 0 included (it clears the badge). */
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

    /** @throws IllegalArgumentException naming the first header that cannot be delivered as given */
    public static void validate(Map<String, String> headers) {
        String badge = headers.get(IOS_BADGE);
        if (badge != null) {
            badge(badge);
        }
    }

    private PushHeaders() {
    }
}
