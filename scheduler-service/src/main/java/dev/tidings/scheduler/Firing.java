package dev.tidings.scheduler;

import dev.tidings.contracts.events.DeliveryReport.ScheduleState;
import java.time.Duration;
import java.time.Instant;

/**
 * What to do with a due schedule, decided from the row and the time alone (pure; the table tests pin it).
 *
 * @param occurrence the number of the firing to hand off now, or 0 when nothing is sent
 * @param state the schedule's state afterwards
 * @param nextDueAt when it is due again; null unless it stays {@link ScheduleState#WAITING}
 * @param reason why nothing was sent, when nothing was
 */
public record Firing(int occurrence, ScheduleState state, Instant nextDueAt, String reason) {

    public boolean sends() {
        return occurrence > 0;
    }

    /**
     * Decides the firing of a schedule that was due at {@code dueAt} and is looked at {@code now}.
     * Repeats keep the cadence of the first due time in elapsed seconds: a series late by several periods
     * (the scheduler was down) fires once now to catch up and then at the next point of its cadence, never
     * once per missed period. A one-shot message later than {@code maxLateness} expires instead of firing.
     */
    public static Firing decide(Schedule s, Instant now, Duration maxLateness) {
        Duration late = Duration.between(s.dueAt(), now);
        boolean tooLate = late.compareTo(maxLateness) > 0;
        Long every = s.message().repeatEvery();
        int next = s.fired() + 1;
        if (every == null) {
            return tooLate ? expired(s, late, maxLateness) : new Firing(next, ScheduleState.FINISHED, null, null);
        }
        Instant expires = s.message().repeatExpiresAt();
        if (tooLate && expires != null && now.isAfter(expires)) {
            // the series ended while nobody could fire it
            return s.fired() > 0 ? new Firing(0, ScheduleState.FINISHED, null, null) : expired(s, late, maxLateness);
        }
        long periodMs = every * 1000;
        long periodsBehind = Math.max(0, late.toMillis()) / periodMs;
        Instant nextDue = s.dueAt().plusMillis((periodsBehind + 1) * periodMs);
        if (expires != null && nextDue.isAfter(expires)) {
            return new Firing(next, ScheduleState.FINISHED, null, null);
        }
        return new Firing(next, ScheduleState.WAITING, nextDue, null);
    }

    private static Firing expired(Schedule s, Duration late, Duration maxLateness) {
        return new Firing(0, ScheduleState.EXPIRED, null, "not sent: it was due at " + s.dueAt() + ", "
                + late.toSeconds() + " s ago, beyond the " + maxLateness.toSeconds()
                + " s a late message may still be sent (tidings.scheduler.max-lateness)");
    }
}
