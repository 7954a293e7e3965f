package dev.tidings.scheduler;

import dev.tidings.contracts.events.ScheduledMessage;
import java.time.Instant;

/** A claimed, due schedule row: the message and where its series stands. */
public record Schedule(ScheduledMessage message, Instant dueAt, int fired, long version) {
    public String messageId() {
        return message.messageId();
    }
}
