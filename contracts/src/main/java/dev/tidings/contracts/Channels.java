package dev.tidings.contracts;

import java.util.regex.Pattern;

/** Channel names: letters, digits, {@code _ - .} and {@code :}, 1 to 255 of them. */
public final class Channels {
    public static final String DEFAULT = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:\\-]{1,255}");

    /** names that are API paths under {@code /messaging}: a publish to them would be ambiguous */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("registrations", "push", "pushtemplates", "channels");

    /** @throws ApiException (5905) when the name is not one a message can be published to */
    public static String requirePublishable(String name) {
        require(name);
        if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw ApiException.badRequest(ErrorCodes.INVALID_CHANNEL,
                    "\"" + name + "\" is an API path, not a channel: pick another channel name");
        }
        return name;
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @throws ApiException (5905) when the name is not a valid channel name */
    public static String require(String name) {
        if (!isValid(name)) {
            throw ApiException.badRequest(ErrorCodes.INVALID_CHANNEL,
                    "invalid channel name: use 1 to 255 letters, digits, '_', '-', '.' or ':'");
        }
        return name;
    }

    private Channels() {
    }
}
