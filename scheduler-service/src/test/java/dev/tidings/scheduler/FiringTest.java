package dev.tidings.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.events.DeliveryReport.ScheduleState;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.ScheduledMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The firing decision, case by case: on time, late, after downtime, at the end of a series. */
class FiringTest {
    static final Instant T = Instant.parse("2026-12-03T10:00:00Z");
    static final Duration LIMIT = Duration.ofHours(1);

    static Schedule schedule(Instant due, Long every, Instant expires, int fired) {
        ScheduledMessage m = new ScheduledMessage(EventMeta.now(), "APP", "m", true, false, "default",
                Json.MAPPER.getNodeFactory().textNode("hi"), null, Map.of(), 15, null, null, T, every, expires, null);
        return new Schedule(m, due, fired, fired);
    }

    @Test
    void aOneShotMessageOnTimeFiresOnceAndFinishes() {
        assertEquals(new Firing(1, ScheduleState.FINISHED, null, null),
                Firing.decide(schedule(T, null, null, 0), T.plusMillis(30), LIMIT));
    }

    @Test
    void aOneShotMessageLateWithinTheLimitStillFires() {
        assertEquals(new Firing(1, ScheduleState.FINISHED, null, null),
                Firing.decide(schedule(T, null, null, 0), T.plus(LIMIT), LIMIT));
    }

    @Test
    void aOneShotMessageLaterThanTheLimitExpiresUnsent() {
        Firing f = Firing.decide(schedule(T, null, null, 0), T.plus(LIMIT).plusSeconds(1), LIMIT);
        assertEquals(0, f.occurrence());
        assertEquals(ScheduleState.EXPIRED, f.state());
        assertEquals(true, f.reason().contains("2026-12-03T10:00:00Z"), f.reason());
    }

    @Test
    void aRepeatOnTimeIsDueAgainOnePeriodAfterItsDueTimeNotAfterNow() {
        assertEquals(new Firing(4, ScheduleState.WAITING, T.plusSeconds(60), null),
                Firing.decide(schedule(T, 60L, null, 3), T.plusMillis(700), LIMIT));
    }

    @Test
    void afterDowntimeARepeatFiresOnceAndKeepsItsCadence() {
        // down for 10.5 periods: one catch-up firing now, then the next point of the original cadence
        Firing f = Firing.decide(schedule(T, 60L, null, 2), T.plusSeconds(630), LIMIT);
        assertEquals(new Firing(3, ScheduleState.WAITING, T.plusSeconds(660), null), f);
        // even after longer than the lateness limit: repeats catch up, they do not expire
        assertEquals(new Firing(3, ScheduleState.WAITING, T.plus(Duration.ofHours(5)).plusSeconds(60), null),
                Firing.decide(schedule(T, 60L, null, 2), T.plus(Duration.ofHours(5)), LIMIT));
    }

    @Test
    void aSeriesFinishesWithTheLastFiringBeforeItsExpiry() {
        Instant expires = T.plusSeconds(90);
        assertEquals(new Firing(2, ScheduleState.WAITING, T.plusSeconds(60), null),
                Firing.decide(schedule(T, 60L, expires, 1), T, LIMIT));
        assertEquals(new Firing(3, ScheduleState.FINISHED, null, null),
                Firing.decide(schedule(T.plusSeconds(60), 60L, expires, 2), T.plusSeconds(60), LIMIT));
        // a firing due exactly at the expiry still fires
        assertEquals(new Firing(2, ScheduleState.WAITING, T.plusSeconds(90), null),
                Firing.decide(schedule(T, 90L, T.plusSeconds(90), 1), T, LIMIT));
    }

    @Test
    void aSeriesThatEndedDuringLongDowntimeFinishesWithoutASend() {
        Instant expires = T.plusSeconds(600);
        assertEquals(new Firing(0, ScheduleState.FINISHED, null, null),
                Firing.decide(schedule(T, 60L, expires, 4), T.plus(Duration.ofHours(3)), LIMIT));
        assertEquals(ScheduleState.EXPIRED,
                Firing.decide(schedule(T, 60L, expires, 0), T.plus(Duration.ofHours(3)), LIMIT).state());
        // shortly after the end (within the limit) the last due firing still goes out
        assertEquals(new Firing(5, ScheduleState.FINISHED, null, null),
                Firing.decide(schedule(T.plusSeconds(600), 60L, expires, 4), T.plusSeconds(620), LIMIT));
    }

    @Test
    void periodsAreElapsedSecondsSoDaylightSavingShiftsNothing() {
        // Europe/Berlin moves its clocks at 2026-03-29T01:00:00Z; a daily repeat stays 86,400 s apart in UTC
        Instant beforeSwitch = Instant.parse("2026-03-28T08:00:00Z");
        Firing f = Firing.decide(schedule(beforeSwitch, 86_400L, null, 1), beforeSwitch.plusMillis(5), LIMIT);
        assertEquals(Instant.parse("2026-03-29T08:00:00Z"), f.nextDueAt());
    }
}
