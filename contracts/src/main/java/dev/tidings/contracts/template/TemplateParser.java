package dev.tidings.contracts.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Channels;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.push.PushHeaders;
import dev.tidings.contracts.push.PushRenderer;
import dev.tidings.contracts.segment.SegmentQueryParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a template from the admin API and refuses, with the field's path, anything it could not send: an
 * unknown field, a value of the wrong type, a colour FCM would refuse, a TTL beyond FCM's 28 days, a
 * collapse key beyond APNs' 64 bytes, a segment query that does not parse, a placeholder of an unknown
 * kind, a reserved header, or text too large for a notification before any value is filled in.
 */
public final class TemplateParser {
    /** letters, digits, space, {@code _ - .}; it is a path segment of {@code /messaging/push/{name}} */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9 _.\\-]{0,98}[A-Za-z0-9_.\\-])?");
    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
    /** FCM keeps a message at most 28 days */
    public static final long MAX_TTL_SECONDS = Duration.ofDays(28).toSeconds();
    /** APNs refuses an {@code apns-collapse-id} longer than this */
    public static final int MAX_COLLAPSE_ID_BYTES = 64;
    static final int MAX_TEXT = 4096;
    static final int MAX_SHORT_TEXT = 256;
    static final int MAX_HEADERS = 100;
    private static final Set<String> PLATFORMS = Set.of("IOS", "ANDROID");
    /** the audience's platforms when a template names none */
    private static final List<String> BOTH_PLATFORMS = List.of("ANDROID", "IOS");
    private static final Set<String> IOS_ACTION_OPTIONS = Set.of("foreground", "destructive", "authenticationRequired");
    private static final Set<String> ANDROID_PRIORITIES = Set.of("min", "low", "default", "high", "max");
    private static final Set<String> DELIVERY_PRIORITIES = Set.of("high", "normal");

    private static final ObjectReader READER;

    static {
        var mapper = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        // text fields take text: a number or a boolean where a string belongs is a mistake, not a string
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.configure(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        READER = mapper.readerFor(PushTemplate.class);
    }

    /**
     * @param name the name from the path, or null when the body must give it
     * @return the template, normalised (platforms upper case, priorities lower case, name filled in)
     * @throws ApiException 400 naming the field and what is wrong with it
     */
    public static PushTemplate parse(JsonNode body, String name) {
        if (body == null || !body.isObject()) {
            throw invalid("a template is a JSON object");
        }
        PushTemplate t;
        try {
            t = READER.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw invalid("unknown field \"" + path(e) + "\"");
        } catch (MismatchedInputException e) {
            throw invalid(path(e) + " must be " + expected(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw invalid("the template cannot be read: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw invalid("the template cannot be read");
        }
        String effective = name != null ? name : t.name();
        if (effective == null || !NAME.matcher(effective).matches()) {
            throw invalid("name must be 1 to 100 letters, digits, spaces, '_', '-' or '.', start with a letter or"
                    + " digit and not end with a space");
        }
        if (name != null && t.name() != null && !t.name().equals(name)) {
            throw invalid("name \"" + t.name() + "\" in the body differs from \"" + name + "\" in the path");
        }
        PushTemplate normalised = new PushTemplate(effective, content(t.content(), t.ios()), audience(t.audience()),
                ios(t.ios()), android(t.android()), delivery(t.delivery()));
        try {
            TemplateRenderer.mapText(normalised, text -> {
                SmartText.check(text, "template \"" + effective + "\"");
                return text;
            });
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        try {
            PushRenderer.checkSize(TemplateRenderer.android(normalised), TemplateRenderer.ios(normalised, Instant.EPOCH));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCodes.PAYLOAD_TOO_LARGE, e.getMessage() + " (before any placeholder is filled in)");
        }
        return normalised;
    }

    private static PushTemplate.Content content(PushTemplate.Content c, PushTemplate.Ios ios) {
        boolean silent = ios != null && Boolean.TRUE.equals(ios.contentAvailable());
        PushTemplate.Content given = c == null ? new PushTemplate.Content(null, null, null, null) : c;
        if (given.message() == null && !silent) {
            throw invalid("content.message is required (it is the notification's text)");
        }
        return new PushTemplate.Content(given.message() == null ? "" : text(given.message(), "content.message"),
                text(given.title(), "content.title"), text(given.subtitle(), "content.subtitle"), headers(given.headers()));
    }

    private static Map<String, String> headers(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        if (headers.size() > MAX_HEADERS) {
            throw invalid("content.headers may have at most " + MAX_HEADERS + " entries");
        }
        headers.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > MAX_SHORT_TEXT) {
                throw invalid("content.headers: a name must have 1 to " + MAX_SHORT_TEXT + " characters");
            }
            if (v == null) {
                throw invalid("content.headers." + k + " must be a string");
            }
            text(v, "content.headers." + k);
            if (!PushHeaders.isCustom(k)) {
                throw invalid("content.headers." + k + ": set the notification's look with the template's ios and"
                        + " android fields; headers are custom data for the app");
            }
            String reserved = PushHeaders.reserved(k);
            if (reserved != null) {
                throw ApiException.badRequest(ErrorCodes.RESERVED_HEADER, reserved);
            }
        });
        return Map.copyOf(headers);
    }

    private static PushTemplate.Audience audience(PushTemplate.Audience a) {
        if (a == null) {
            return new PushTemplate.Audience(BOTH_PLATFORMS, Channels.DEFAULT, null);
        }
        List<String> platforms = BOTH_PLATFORMS;
        if (a.platforms() != null) {
            Set<String> chosen = new LinkedHashSet<>();
            for (String p : a.platforms()) {
                String os = p == null ? "" : p.toUpperCase(Locale.ROOT);
                if (!PLATFORMS.contains(os)) {
                    throw invalid("audience.platforms: \"" + p + "\" is not IOS or ANDROID");
                }
                chosen.add(os);
            }
            if (chosen.isEmpty()) {
                throw invalid("audience.platforms must name IOS, ANDROID or both");
            }
            platforms = List.copyOf(chosen);
        }
        String channel = a.channel() == null ? Channels.DEFAULT : Channels.requirePublishable(a.channel());
        if (a.segmentQuery() != null) {
            try {
                SegmentQueryParser.parse(a.segmentQuery());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(ErrorCodes.INVALID_SEGMENT_QUERY, "audience." + e.getMessage());
            }
        }
        return new PushTemplate.Audience(platforms, channel, a.segmentQuery());
    }

    private static PushTemplate.Ios ios(PushTemplate.Ios i) {
        if (i == null) {
            return null;
        }
        if (i.badge() != null && i.badge() < 0) {
            throw invalid("ios.badge must be a whole number from 0 (0 clears the badge)");
        }
        PushTemplate.Category category = i.category();
        if (category != null) {
            if (category.id() == null || category.id().isBlank() || category.id().length() > 64) {
                throw invalid("ios.category.id must have 1 to 64 characters");
            }
            if (category.actions() != null) {
                if (category.actions().size() > 10) {
                    throw invalid("ios.category.actions may have at most 10 buttons");
                }
                Set<String> ids = new java.util.HashSet<>();
                for (PushTemplate.IosAction a : category.actions()) {
                    button(a == null ? null : a.id(), a == null ? null : a.title(), "ios.category.actions", ids);
                    if (a.options() != null) {
                        for (String o : a.options()) {
                            if (o == null || !IOS_ACTION_OPTIONS.contains(o)) {
                                throw invalid("ios.category.actions: option \"" + o + "\" is not one of " + IOS_ACTION_OPTIONS);
                            }
                        }
                    }
                }
            }
        }
        return new PushTemplate.Ios(text(i.alertTitle(), "ios.alertTitle"), text(i.alertSubtitle(), "ios.alertSubtitle"),
                i.badge(), shortText(i.sound(), "ios.sound"), url(i.attachmentUrl(), "ios.attachmentUrl"),
                i.mutableContent(), i.contentAvailable(), shortText(i.threadId(), "ios.threadId"), category);
    }

    private static PushTemplate.Android android(PushTemplate.Android a) {
        if (a == null) {
            return null;
        }
        if (a.color() != null && !COLOR.matcher(a.color()).matches()) {
            throw invalid("android.color must be #rrggbb (six hexadecimal digits), got \"" + a.color() + "\"");
        }
        if (a.badgeNumber() != null && a.badgeNumber() < 0) {
            throw invalid("android.badgeNumber must be a whole number from 0");
        }
        String priority = a.priority() == null ? null : a.priority().toLowerCase(Locale.ROOT);
        if (priority != null && !ANDROID_PRIORITIES.contains(priority)) {
            throw invalid("android.priority must be one of min, low, default, high, max");
        }
        ttl(a.ttlSeconds(), "android.ttlSeconds");
        if (a.cancelAfterSeconds() != null && (a.cancelAfterSeconds() < 1 || a.cancelAfterSeconds() > MAX_TTL_SECONDS)) {
            throw invalid("android.cancelAfterSeconds must be from 1 to " + MAX_TTL_SECONDS);
        }
        if (a.actions() != null) {
            if (a.actions().size() > 3) {
                throw invalid("android.actions may have at most 3 buttons (Android shows no more)");
            }
            Set<String> ids = new java.util.HashSet<>();
            for (PushTemplate.AndroidAction b : a.actions()) {
                button(b == null ? null : b.id(), b == null ? null : b.title(), "android.actions", ids);
                shortText(b.icon(), "android.actions.icon");
            }
        }
        return new PushTemplate.Android(text(a.contentTitle(), "android.contentTitle"),
                text(a.summaryText(), "android.summaryText"), shortText(a.icon(), "android.icon"),
                url(a.largeIcon(), "android.largeIcon"), a.color(), a.badgeNumber(), shortText(a.sound(), "android.sound"),
                url(a.attachmentUrl(), "android.attachmentUrl"), priority, a.ttlSeconds(), a.cancelAfterSeconds(),
                text(a.actionOnTap(), "android.actionOnTap"), a.actions(), shortText(a.channelId(), "android.channelId"));
    }

    private static PushTemplate.Delivery delivery(PushTemplate.Delivery d) {
        if (d == null) {
            return null;
        }
        ttl(d.ttlSeconds(), "delivery.ttlSeconds");
        if (d.collapseKey() != null) {
            if (!d.collapseKey().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw invalid("delivery.collapseKey must be printable ASCII without spaces: it travels as the"
                        + " apns-collapse-id HTTP header, which carries nothing else faithfully");
            }
            int bytes = d.collapseKey().getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_COLLAPSE_ID_BYTES) {
                throw invalid("delivery.collapseKey must have 1 to " + MAX_COLLAPSE_ID_BYTES
                        + " characters (the APNs apns-collapse-id limit), it has " + bytes);
            }
        }
        String priority = d.priority() == null ? null : d.priority().toLowerCase(Locale.ROOT);
        if (priority != null && !DELIVERY_PRIORITIES.contains(priority)) {
            throw invalid("delivery.priority must be high or normal");
        }
        return new PushTemplate.Delivery(d.ttlSeconds(), d.collapseKey(), priority);
    }

    private static void ttl(Long seconds, String field) {
        if (seconds != null && (seconds < 0 || seconds > MAX_TTL_SECONDS)) {
            throw invalid(field + " must be from 0 to " + MAX_TTL_SECONDS + " seconds (FCM keeps a message at most 28 days)");
        }
    }

    private static void button(String id, String title, String field, Set<String> ids) {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw invalid(field + ": every button needs an id of 1 to 64 characters");
        }
        if (!ids.add(id)) {
            throw invalid(field + ": two buttons have the id \"" + id + "\"");
        }
        if (title == null || title.isBlank()) {
            throw invalid(field + ": button " + id + " needs a title");
        }
        text(title, field + ".title");
    }

    private static String url(String value, String field) {
        if (value == null) {
            return null;
        }
        text(value, field);
        if (!SmartText.isHttpUrl(value) && !value.startsWith("{")) {
            throw invalid(field + " must be an http or https URL (smart text is allowed in it)");
        }
        return value;
    }

    private static String text(String value, String field) {
        if (value != null && value.length() > MAX_TEXT) {
            throw invalid(field + " may have at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static String shortText(String value, String field) {
        if (value != null && (value.isEmpty() || value.length() > MAX_SHORT_TEXT)) {
            throw invalid(field + " must have 1 to " + MAX_SHORT_TEXT + " characters");
        }
        return value;
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            parts.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCodes.INVALID_TEMPLATE, message);
    }

    private TemplateParser() {
    }
}
