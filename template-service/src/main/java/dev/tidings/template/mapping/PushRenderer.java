package dev.tidings.template.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.PushHeaders;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.IosPush;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a Backendless message and its push headers onto an FCM message and an APNs request, the way a
 * mobile developer reads the header names. Pure: no I/O, the same input gives the same payload.
 * Headers that do not shape the notification travel to the device as custom data (FCM {@code data},
 * APNs top-level keys).
 */
public final class PushRenderer {
    /** custom-data key that carries the message itself to the app on the device */
    public static final String MESSAGE_KEY = "message";

    public static AndroidPush android(JsonNode message, Map<String, String> headers) {
        String text = messageText(message);
        String title = headers.get(PushHeaders.ANDROID_CONTENT_TITLE);
        String body = headers.getOrDefault(PushHeaders.ANDROID_CONTENT_TEXT, text);
        Map<String, String> data = new LinkedHashMap<>(custom(headers));
        data.put(MESSAGE_KEY, text);
        // FCM has no field for these two; the Backendless Android SDK reads them from data
        putIfPresent(data, PushHeaders.ANDROID_SUMMARY_SUBTEXT, headers.get(PushHeaders.ANDROID_SUMMARY_SUBTEXT));
        putIfPresent(data, PushHeaders.ANDROID_LARGE_ICON, headers.get(PushHeaders.ANDROID_LARGE_ICON));
        var notification = new AndroidPush.AndroidNotification(
                title, body, headers.get(PushHeaders.ANDROID_TICKER_TEXT), headers.get(PushHeaders.ANDROID_CONTENT_SOUND),
                null, null, headers.get(PushHeaders.ANDROID_ACTION), null, null);
        return new AndroidPush(
                new AndroidPush.Notification(title, body, null),
                new AndroidPush.Android(null, "high", null, notification),
                data);
    }

    /** @throws IllegalArgumentException when {@code ios-badge} is not a whole number */
    public static IosPush ios(JsonNode message, Map<String, String> headers) {
        Map<String, Object> alert = new LinkedHashMap<>();
        putIfPresent(alert, "title", headers.get(PushHeaders.IOS_ALERT_TITLE));
        putIfPresent(alert, "subtitle", headers.get(PushHeaders.IOS_ALERT_SUBTITLE));
        String body = headers.get(PushHeaders.IOS_ALERT_BODY);
        if (body == null) {
            body = headers.getOrDefault(PushHeaders.IOS_ALERT, messageText(message));
        }
        alert.put("body", body);

        Map<String, Object> aps = new LinkedHashMap<>();
        boolean silent = isTrue(headers.get(PushHeaders.IOS_CONTENT_AVAILABLE));
        if (!silent) {
            aps.put("alert", alert);
        }
        String badge = headers.get(PushHeaders.IOS_BADGE);
        if (badge != null) {
            aps.put("badge", PushHeaders.badge(badge));
        }
        putIfPresent(aps, "sound", headers.get(PushHeaders.IOS_SOUND));
        if (silent) {
            aps.put("content-available", 1);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        String media = headers.get(PushHeaders.IOS_RICH_MEDIA_URL);
        if (media != null) {
            aps.put("mutable-content", 1);
            payload.put(PushHeaders.IOS_RICH_MEDIA_URL, media);
        }
        payload.put("aps", aps);
        payload.putAll(custom(headers));
        if (silent) {
            payload.put(MESSAGE_KEY, messageText(message));
        }
        // Apple: background pushes must go with priority 5 and push type "background"
        return silent
                ? new IosPush(payload, "background", 5, null, null)
                : new IosPush(payload, "alert", 10, null, null);
    }

    /** The message as text: a string as it is, anything else as its JSON. */
    public static String messageText(JsonNode message) {
        if (message == null || message.isNull()) {
            return "";
        }
        return message.isTextual() ? message.asText() : Json.encode(message);
    }

    /** The headers that do not shape the notification: they are the app's own data. */
    public static Map<String, String> custom(Map<String, String> headers) {
        Map<String, String> custom = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (PushHeaders.isCustom(k)) {
                custom.put(k, v);
            }
        });
        return custom;
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }

    private static <V> void putIfPresent(Map<String, V> map, String key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private PushRenderer() {
    }
}
