package dev.tidings.contracts;

import java.util.regex.Pattern;

/** Channel names: letters, digits, {@code _ - .} and {@code :}, 1 to 255 of them. */
public final class Channels {
    public static final String DEFAULT = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:\\-]{1,255}");

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
