package dev.tidings.contracts;

import java.util.Locale;
import java.util.Optional;

/** Device operating systems, with their Backendless {@code pushBroadcast} bits. */
public enum Os {
    IOS(1), ANDROID(2), WP(4), OSX(8);

    private final int bit;

    Os(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public boolean in(int mask) {
        return (mask & bit) != 0;
    }

    /** The operating system named at registration ({@code "ANDROID"}, {@code "ios"}, ...), if known. */
    public static Optional<Os> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
