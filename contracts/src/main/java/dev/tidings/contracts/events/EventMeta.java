package dev.tidings.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** What every event carries: its own id, when it happened, and the schema version of its shape. */
public record EventMeta(String eventId, Instant occurredAt, int schemaVersion) {
    public static final int SCHEMA_VERSION = 1;

    public static EventMeta now() {
        return new EventMeta(UUID.randomUUID().toString(), Instant.now(), SCHEMA_VERSION);
    }
}
