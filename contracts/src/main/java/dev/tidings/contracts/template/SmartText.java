package dev.tidings.contracts.template;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Smart text: placeholders in a template's text filled in for each send and each recipient. Pure.
 * <ul>
 *   <li>{@code {name}}: the send's {@code templateValues} entry {@code name};</li>
 *   <li>{@code {Users.property}}: that property of the user the recipient device belongs to;</li>
 *   <li>{@code {Devices.property}}: the recipient device's {@code deviceId}, {@code os}, {@code osVersion},
 *       {@code userId} or one of its custom properties.</li>
 * </ul>
 * {@code {Users.firstName|there}} gives a default for when there is no value; without one a missing value
 * becomes empty. Text is scanned once: a value that itself looks like a placeholder is inserted as it is.
 * Braces that do not form a placeholder stay as they are.
 */
public final class SmartText {
    public static final String USERS = "Users";
    public static final String DEVICES = "Devices";
    /** the longest name of a template value or property */
    public static final int MAX_NAME = 64;
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{(?:([A-Za-z_][A-Za-z0-9_]*)\\.)?([A-Za-z_][A-Za-z0-9_]*)(?:\\|([^{}]*))?}");

    /** Where placeholder values come from; a map without the key means no value. */
    public record Sources(Map<String, String> template, Map<String, String> user, Map<String, String> device) {
        public static final Sources NONE = new Sources(Map.of(), Map.of(), Map.of());

        public static Sources of(Map<String, String> templateValues) {
            return new Sources(templateValues == null ? Map.of() : templateValues, Map.of(), Map.of());
        }
    }

    public static String render(String text, Sources sources) {
        if (text == null || text.indexOf('{') < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        while (m.find()) {
            Map<String, String> source = source(m.group(1), sources);
            String value = source == null ? m.group() : source.get(m.group(2));
            if (value == null) {
                value = m.group(3) == null ? "" : m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A JSON scalar as the text a placeholder becomes: a string as it is, a number as written without
     * trailing zeros ({@code 2.50} is {@code 2.5}), a boolean as {@code true}/{@code false}; null for JSON null.
     */
    public static String text(com.fasterxml.jackson.databind.JsonNode scalar) {
        if (scalar == null || scalar.isNull()) {
            return null;
        }
        if (scalar.isNumber()) {
            return scalar.decimalValue().stripTrailingZeros().toPlainString();
        }
        return scalar.isTextual() ? scalar.textValue() : scalar.toString();
    }

    /** Whether the text is an http or https URL (what notification images and icons must be). */
    public static boolean isHttpUrl(String value) {
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /** An operator that renders every text it is given with these sources. */
    public static UnaryOperator<String> with(Sources sources) {
        return text -> render(text, sources);
    }

    /** Whether the text has a placeholder that differs per recipient ({@code Users.} or {@code Devices.}). */
    public static boolean isPersonal(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (USERS.equals(m.group(1)) || DEVICES.equals(m.group(1))) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException when a placeholder names a source other than Users or Devices */
    public static void check(String text, String field) {
        if (text == null) {
            return;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (m.group(1) != null && source(m.group(1), Sources.NONE) == null) {
                throw new IllegalArgumentException(field + ": unknown placeholder " + m.group()
                        + "; use {name}, {Users.property} or {Devices.property}");
            }
            if (m.group(2).length() > MAX_NAME) {
                throw new IllegalArgumentException(field + ": placeholder " + m.group() + " has a name longer than "
                        + MAX_NAME + " characters, which no value can have");
            }
        }
    }

    private static Map<String, String> source(String namespace, Sources sources) {
        if (namespace == null) {
            return sources.template();
        }
        return switch (namespace) {
            case USERS -> sources.user();
            case DEVICES -> sources.device();
            default -> null;
        };
    }

    private SmartText() {
    }
}
