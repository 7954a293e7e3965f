package dev.tidings.contracts;

import java.util.Locale;

/**
 * Parses Backendless {@code pushBroadcast}: a bit mask (IOS=1, ANDROID=2, WP=4, OSX=8, ALL=15) given
 * as a number, or as names joined by {@code |} ({@code "IOS"}, {@code "FOR_ANDROID"}, {@code "ALL"}).
 */
public final class PushBroadcast {
    public static final int ALL = 15;

    /** @throws IllegalArgumentException with a message fit for the caller when the value is not a mask */
    public static int parse(Object value) {
        if (value == null) {
            return ALL;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || d < 1 || d > ALL) {
                throw new IllegalArgumentException("pushBroadcast must be a whole number from 1 to 15, got " + n);
            }
            return (int) d;
        }
        if (value instanceof String s) {
            String text = s.trim();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("pushBroadcast is empty");
            }
            if (text.matches("\\d+")) {
                String digits = text.replaceFirst("^0+(?=.)", "");
                if (digits.length() > 2) {
                    throw new IllegalArgumentException("pushBroadcast must be a whole number from 1 to 15, got " + text);
                }
                return parse(Integer.parseInt(digits));
            }
            int mask = 0;
            for (String part : text.split("\\|", -1)) {
                mask |= bitOf(part.trim().toUpperCase(Locale.ROOT));
            }
            return mask;
        }
        throw new IllegalArgumentException("pushBroadcast must be a number or operating-system names");
    }

    private static int bitOf(String name) {
        String bare = name.startsWith("FOR_") ? name.substring(4) : name;
        if (bare.equals("ALL")) {
            return ALL;
        }
        return Os.parse(bare)
                .map(Os::bit)
                .orElseThrow(() -> new IllegalArgumentException("pushBroadcast names an unknown operating system: " + name));
    }

    private PushBroadcast() {
    }
}
