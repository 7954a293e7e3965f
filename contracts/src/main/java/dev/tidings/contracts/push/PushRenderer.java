package dev.tidings.contracts.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.IosPush;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a Backendless message and its push headers onto an FCM message and an APNs request, the way a
 * mobile developer reads the header names. Pure: no I/O, the same input gives the same payload. Headers
 * that do not shape the notification travel to the device as custom data (FCM {@code data}, APNs
 * top-level keys). Shared by the gateway (which checks a message before accepting it) and
 * template-service (which renders it for delivery), so both always agree.
 */
public final class PushRenderer {
    /** FCM's limit on a message, and APNs' on a regular (non-VoIP) notification, in UTF-8 bytes */
    public static final int MAX_PAYLOAD_BYTES = 4096;

    public static AndroidPush android(JsonNode message, Map<String, String> headers) {
        String text = messageText(message);
        String title = headers.get(PushHeaders.ANDROID_CONTENT_TITLE);
        String body = headers.getOrDefault(PushHeaders.ANDROID_CONTENT_TEXT, text);
        Map<String, String> data = new LinkedHashMap<>(custom(headers));
        data.put(PushHeaders.MESSAGE_KEY, text);
        // FCM has no field for these two; the Backendless Android SDK reads them from data
        putIfPresent(data, PushHeaders.ANDROID_SUMMARY_SUBTEXT, headers.get(PushHeaders.ANDROID_SUMMARY_SUBTEXT));
        putIfPresent(data, PushHeaders.ANDROID_LARGE_ICON, headers.get(PushHeaders.ANDROID_LARGE_ICON));
        // title and body live once, in the cross-platform block: android.notification only adds to it
        var notification = new AndroidPush.AndroidNotification(
                null, null, headers.get(PushHeaders.ANDROID_TICKER_TEXT), headers.get(PushHeaders.ANDROID_CONTENT_SOUND),
                null, null, headers.get(PushHeaders.ANDROID_ACTION), null, null, null, null);
        return new AndroidPush(
                new AndroidPush.Notification(title, body, null),
                new AndroidPush.Android(null, "high", null, notification),
                data);
    }

    /**
     * The APNs request. {@code ios-content-available} alone makes a silent background push (no alert,
     * sound or badge, priority 5, as Apple requires); with alert headers it stays an alert push that
     * also wakes the app.
     *
     * @throws IllegalArgumentException when {@code ios-badge} is not a whole number
     */
    public static IosPush ios(JsonNode message, Map<String, String> headers) {
        boolean wake = PushHeaders.isSet(headers.get(PushHeaders.IOS_CONTENT_AVAILABLE));
        boolean silent = wake && !hasAlert(headers);
        Map<String, Object> aps = new LinkedHashMap<>();
        Map<String, Object> payload = new LinkedHashMap<>();
        if (silent) {
            aps.put("content-available", 1);
            payload.put("aps", aps);
            payload.putAll(custom(headers));
            payload.put(PushHeaders.MESSAGE_KEY, messageText(message));
            return new IosPush(payload, "background", 5, null, null);
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        putIfPresent(alert, "title", headers.get(PushHeaders.IOS_ALERT_TITLE));
        putIfPresent(alert, "subtitle", headers.get(PushHeaders.IOS_ALERT_SUBTITLE));
        String body = headers.get(PushHeaders.IOS_ALERT_BODY);
        alert.put("body", body != null ? body : headers.getOrDefault(PushHeaders.IOS_ALERT, messageText(message)));
        aps.put("alert", alert);
        String badge = headers.get(PushHeaders.IOS_BADGE);
        if (badge != null) {
            aps.put("badge", PushHeaders.badge(badge));
        }
        putIfPresent(aps, "sound", headers.get(PushHeaders.IOS_SOUND));
        if (wake) {
            aps.put("content-available", 1);
        }
        String media = headers.get(PushHeaders.IOS_RICH_MEDIA_URL);
        if (media != null) {
            aps.put("mutable-content", 1);
            payload.put(PushHeaders.IOS_RICH_MEDIA_URL, media);
        }
        payload.put("aps", aps);
        payload.putAll(custom(headers));
        return new IosPush(payload, "alert", 10, null, null);
    }

    /**
     * Checks both rendered payloads against the providers' size limit, on their serialized UTF-8 bytes
     * (so a multi-byte character weighs what it weighs).
     *
     * @throws IllegalArgumentException naming the provider and the size when one is too large
     */
    public static void checkSize(AndroidPush android, IosPush ios) {
        String problem = androidTooLarge(android);
        if (problem == null) {
            problem = iosTooLarge(ios);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": shorten the message or headers");
        }
    }

    /** Why the FCM message is too large to send, or null when it fits. */
    public static String androidTooLarge(AndroidPush android) {
        return tooLarge("Android (FCM)", bytes(android));
    }

    /** Why the APNs payload is too large to send, or null when it fits. */
    public static String iosTooLarge(IosPush ios) {
        return tooLarge("iOS (APNs)", bytes(ios.payload()));
    }

    private static String tooLarge(String provider, int bytes) {
        return bytes <= MAX_PAYLOAD_BYTES ? null
                : "the " + provider + " payload would be " + bytes + " bytes; the limit is " + MAX_PAYLOAD_BYTES;
    }

    static int bytes(Object payload) {
        return Json.encode(payload).getBytes(StandardCharsets.UTF_8).length;
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

    private static boolean hasAlert(Map<String, String> headers) {
        return headers.containsKey(PushHeaders.IOS_ALERT_TITLE) || headers.containsKey(PushHeaders.IOS_ALERT_SUBTITLE)
                || headers.containsKey(PushHeaders.IOS_ALERT_BODY) || headers.containsKey(PushHeaders.IOS_ALERT);
    }

    private static <V> void putIfPresent(Map<String, V> map, String key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private PushRenderer() {
    }
}
