package dev.tidings.template.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Channels;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Os;
import dev.tidings.template.Registration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a Backendless registration body into a {@link Registration}, refusing what cannot be delivered to. */
public final class RegistrationParser {
    /** APNs device tokens are hex; today 32 bytes, and Apple says to allow them to grow */
    private static final Pattern APNS_TOKEN = Pattern.compile("(?:[0-9a-fA-F]{2}){32,100}");
    /** FCM registration tokens: URL-safe base64 with ':' separators */
    private static final Pattern FCM_TOKEN = Pattern.compile("[A-Za-z0-9_:\\-]{16,4096}");
    static final int MAX_CHANNELS = 100;
    static final int MAX_PROPERTIES = 50;
    /** 9999-12-31T23:59:59.999Z: PostgreSQL would store anything later as infinity */
    private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    /** below this an expiration is taken as epoch seconds, above it as epoch milliseconds */
    private static final long SECONDS_LIMIT = 100_000_000_000L;

    /** Whether an id can be named in a URL path: the gateway refuses '.', '..' and control characters there. */
    static boolean addressable(String id) {
        return !id.equals(".") && !id.equals("..") && id.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    public static Registration parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "the registration must be a JSON object");
        }
        String deviceId = text(body, "deviceId");
        if (deviceId == null || deviceId.isBlank() || deviceId.length() > 255) {
            throw invalid("deviceId is required (1 to 255 characters)");
        }
        if (!addressable(deviceId)) {
            throw invalid("deviceId must not be '.' or '..' nor have control characters (it is named in paths)");
        }
        String osName = text(body, "os");
        Os os = Os.parse(osName).filter(o -> o == Os.IOS || o == Os.ANDROID)
                .orElseThrow(() -> invalid("os must be IOS or ANDROID"));
        String token = text(body, "deviceToken");
        if (token == null || token.isBlank()) {
            throw invalid("deviceToken is required");
        }
        if (os == Os.IOS && !APNS_TOKEN.matcher(token).matches()) {
            throw invalid("an iOS deviceToken is the APNs token in hex (at least 64 hex digits)");
        }
        if (os == Os.ANDROID && !FCM_TOKEN.matcher(token).matches()) {
            throw invalid("an Android deviceToken is an FCM registration token: 16 to 4096 letters, digits, '_', ':' or '-'");
        }
        String osVersion = text(body, "osVersion");
        if (osVersion != null && osVersion.length() > 64) {
            throw invalid("osVersion is longer than 64 characters");
        }
        String userId = text(body, "userId");
        if (userId != null && (userId.isBlank() || userId.length() > 255)) {
            throw invalid("userId must have 1 to 255 characters");
        }
        if (userId != null && !addressable(userId)) {
            throw invalid("userId must not be '.' or '..' nor have control characters (it is named in paths)");
        }
        return new Registration(deviceId, token, os, osVersion, channels(body.get("channels")),
                expiration(body.get("expiration"), now),
                Properties.parse(body.get("properties"), MAX_PROPERTIES, RegistrationParser::invalid), userId);
    }

    private static List<String> channels(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of(Channels.DEFAULT);
        }
        if (!node.isArray()) {
            throw invalid("channels must be a list of channel names");
        }
        if (node.size() > MAX_CHANNELS) {
            throw invalid("a device can join at most " + MAX_CHANNELS + " channels in one registration");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode c : node) {
            if (!c.isTextual()) {
                throw invalid("channels must be a list of channel names");
            }
            names.add(Channels.require(c.asText()));
        }
        return names.isEmpty() ? List.of(Channels.DEFAULT) : new ArrayList<>(names);
    }

    /**
     * A sortable form of a version: each run of digits zero-padded to 9 places, other characters kept,
     * so that "9" &lt; "12" &lt; "12.1" also as text. Pure; the segment-query compiler uses it too.
     */
    public static String versionKey(String version) {
        if (version == null) {
            return null;
        }
        String text = version.trim().toLowerCase(java.util.Locale.ROOT);
        StringBuilder key = new StringBuilder();
        var m = DIGITS.matcher(text);
        int last = 0;
        while (m.find()) {
            key.append(text, last, m.start());
            String digits = m.group().replaceFirst("^0+(?=.)", "");
            key.append("0".repeat(Math.max(0, 9 - digits.length()))).append(digits);
            last = m.end();
        }
        return key.append(text.substring(last)).toString();
    }

    private static Instant expiration(JsonNode node, Instant now) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() <= 0 || node.asLong() > MAX_EPOCH_MILLIS) {
            throw invalid("expiration must be a timestamp in epoch seconds or milliseconds, before the year 10000");
        }
        long value = node.asLong();
        Instant at = value < SECONDS_LIMIT ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
        if (!at.isAfter(now)) {
            throw invalid("expiration is in the past");
        }
        return at;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return node.asText();
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCodes.INVALID_REGISTRATION, message);
    }

    private RegistrationParser() {
    }
}
