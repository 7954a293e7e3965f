package dev.tidings.gateway.mapping;

import java.util.Locale;

/** Where a published message goes: to devices as push, to internal channel subscribers, or both. */
public enum PublishPolicy {
    PUSH, PUBSUB, BOTH;

    public boolean push() {
        return this != PUBSUB;
    }

    public boolean pubsub() {
        return this != PUSH;
    }

    /**
     * Reads {@code publishPolicy} ({@code PUSH|PUBSUB|BOTH}) or the legacy {@code pushPolicy}
     * ({@code ONLY} = push only, {@code ALSO} = push and pub/sub), any letter case.
     */
    static PublishPolicy parse(String publishPolicy, String pushPolicy) {
        if (publishPolicy != null) {
            return switch (publishPolicy.trim().toUpperCase(Locale.ROOT)) {
                case "PUSH" -> PUSH;
                case "PUBSUB" -> PUBSUB;
                case "BOTH" -> BOTH;
                default -> throw new IllegalArgumentException("publishPolicy must be PUSH, PUBSUB or BOTH");
            };
        }
        if (pushPolicy != null) {
            return switch (pushPolicy.trim().toUpperCase(Locale.ROOT)) {
                case "ONLY" -> PUSH;
                case "ALSO" -> BOTH;
                default -> throw new IllegalArgumentException("pushPolicy must be ONLY or ALSO");
            };
        }
        return PUSH;
    }
}
