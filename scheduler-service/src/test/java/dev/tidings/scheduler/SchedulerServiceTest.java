package dev.tidings.scheduler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.ScheduledMessage;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.StackResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** scheduler-service against a real Kafka broker and a real PostgreSQL database. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, initArgs = @ResourceArg(name = "service", value = "scheduler"))
class SchedulerServiceTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration SETTLE = Duration.ofSeconds(3);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource db;

    KafkaProbe kafka;
    String appId;

    @BeforeEach
    void setUp() {
        kafka = new KafkaProbe(bootstrap);
        appId = "APP-" + UUID.randomUUID();
    }

    ScheduledMessage message(Instant due, Long every, Instant expires) {
        return new ScheduledMessage(EventMeta.now(), appId, UUID.randomUUID().toString(), true, false, "news",
                Json.MAPPER.getNodeFactory().textNode("hello"), "backend", Map.of("ios-badge", "1"), 15, null, null,
                due, every, expires, null);
    }

    void accept(ScheduledMessage m) {
        kafka.send(Topics.SCHEDULES, m.messageId(), Json.encode(m));
    }

    List<Occurrence> occurrences(Predicate<String> messageIds, int count) {
        return kafka.await(Topics.OCCURRENCES, json -> messageIds.test(Json.decode(json, Occurrence.class).messageId()),
                count, WAIT, SETTLE).stream().map(json -> Json.decode(json, Occurrence.class)).toList();
    }

    /** No occurrence of the message shows up within {@link #SETTLE}: call it once the message had its chance to fire. */
    void assertNeverFired(String messageId) {
        assertEquals(List.of(), kafka.await(Topics.OCCURRENCES, json -> json.contains(messageId), 1, SETTLE));
    }

    List<DeliveryReport> reports(String messageId, int count) {
        return kafka.await(Topics.DELIVERY_RESULTS, json -> json.contains(messageId), count, WAIT).stream()
                .map(json -> Json.decode(json, DeliveryReport.class)).toList();
    }

    @Test
    void aDelayedMessageFiresOnceAtItsTimeEvenWhenTheScheduleArrivesTwice() {
        ScheduledMessage m = message(Instant.now().plusMillis(1500), null, null);
        accept(m);
        accept(m);
        List<Occurrence> fired = occurrences(m.messageId()::equals, 1);
        assertEquals(1, fired.size(), "fired once");
        Occurrence o = fired.get(0);
        assertEquals(1, o.occurrence());
        assertEquals(m.messageId() + ":1", o.occurrenceId());
        assertEquals("hello", o.message().asText());
        assertEquals(Map.of("ios-badge", "1"), o.headers());
        assertFalse(o.meta().occurredAt().isBefore(m.firstDueAt()), "not before its time: " + o.meta().occurredAt());
        DeliveryReport done = reports(m.messageId(), 1).get(0);
        assertEquals(DeliveryReport.Kind.SCHEDULE, done.kind());
        assertEquals(new DeliveryReport.Schedule(DeliveryReport.ScheduleState.FINISHED, 1, null, 1), done.schedule());
    }

    @Test
    void aRepeatingMessageFiresEveryPeriodUntilItsExpiry() throws SQLException {
        Instant first = Instant.now().plusSeconds(1);
        ScheduledMessage m = message(first, 1L, first.plusMillis(2500));
        accept(m);
        List<Occurrence> fired = occurrences(m.messageId()::equals, 3);
        assertEquals(List.of(1, 2, 3), fired.stream().map(Occurrence::occurrence).toList());
        assertEquals(3, fired.stream().map(o -> o.meta().eventId()).distinct().count());
        assertEquals("FINISHED", row(m.messageId()).state);
        assertEquals(3, row(m.messageId()).fired);
    }

    @Test
    void afterDowntimeARepeatingMessageFiresOnceAndKeepsItsCadence() throws SQLException {
        Instant due = Instant.now().minus(Duration.ofMinutes(10)).minusSeconds(30);
        ScheduledMessage m = message(due, 60L, null);
        insertDirectly(m, due);
        List<Occurrence> fired = occurrences(m.messageId()::equals, 1);
        assertEquals(1, fired.size(), "one catch-up firing, not one per missed minute");
        Row r = row(m.messageId());
        assertEquals("WAITING", r.state);
        assertEquals(due.plus(Duration.ofMinutes(11)).toEpochMilli(), r.dueAt.toEpochMilli(), "the original cadence");
    }

    @Test
    void aOneShotMessageFarTooLateExpiresInsteadOfSurprisingUsers() throws SQLException {
        Instant due = Instant.now().minus(Duration.ofHours(2));
        ScheduledMessage m = message(due, null, null);
        insertDirectly(m, due);
        DeliveryReport expired = reports(m.messageId(), 1).get(0);
        assertEquals(DeliveryReport.ScheduleState.EXPIRED, expired.schedule().state());
        assertTrue(expired.reason().contains("max-lateness"), expired.reason());
        assertNeverFired(m.messageId());
        assertEquals("EXPIRED", row(m.messageId()).state);
    }

    @Test
    void cancelStopsASeriesAndASecondCancelIs5040() throws SQLException {
        ScheduledMessage m = message(Instant.now().plusSeconds(3600), 60L, null);
        accept(m);
        awaitRow(m.messageId());
        given().post(cancelPath(appId, m.messageId())).then().statusCode(200).body("status", equalTo("cancelled"));
        given().post(cancelPath(appId, m.messageId())).then().statusCode(404).body("code", equalTo(5040));
        given().post(cancelPath("OTHER-APP", m.messageId())).then().statusCode(404).body("code", equalTo(5040));
        assertEquals("CANCELLED", row(m.messageId()).state);
        DeliveryReport cancelled = reports(m.messageId(), 1).get(0);
        assertEquals(DeliveryReport.ScheduleState.CANCELLED, cancelled.schedule().state());
    }

    @Test
    void aCancelThatOvertakesItsScheduleStillWins() throws Exception {
        ScheduledMessage m = message(Instant.now(), null, null);
        given().post(cancelPath(appId, m.messageId())).then().statusCode(200);
        accept(m);
        Thread.sleep(1000); // the schedule was consumed and found its row cancelled; it was due all along
        assertNeverFired(m.messageId());
        assertEquals("CANCELLED", row(m.messageId()).state);
    }

    /** Cancel racing the firing: for each message, either it fired and the cancel was refused, or the cancel won and it never fires. */
    @Test
    void aCancelRacingTheFiringEitherLosesOrPreventsIt() throws Exception {
        Instant due = Instant.now().plusSeconds(2);
        List<ScheduledMessage> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ScheduledMessage m = message(due, null, null);
            messages.add(m);
            accept(m);
        }
        for (ScheduledMessage m : messages) {
            awaitRow(m.messageId());
        }
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis() - 100));
        for (ScheduledMessage m : messages) {
            pool.submit(() -> answers.put(m.messageId(), given().post(cancelPath(appId, m.messageId())).statusCode()));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        Set<String> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.messageId()));
        long cancelled = answers.values().stream().filter(s -> s == 200).count();
        List<Occurrence> fired = occurrences(ids::contains, (int) (messages.size() - cancelled));
        Set<String> firedIds = new HashSet<>();
        fired.forEach(o -> assertTrue(firedIds.add(o.messageId()), "fired twice: " + o.messageId()));
        for (ScheduledMessage m : messages) {
            int answer = answers.get(m.messageId());
            boolean wentOut = firedIds.contains(m.messageId());
            assertTrue(answer == 200 && !wentOut || answer == 404 && wentOut,
                    m.messageId() + ": cancel answered " + answer + " and it " + (wentOut ? "fired" : "did not fire"));
        }
    }

    @Test
    void twoThousandMessagesDueTogetherAreEachHandedOffOnce() throws Exception {
        Instant due = Instant.now().plusSeconds(3);
        Set<String> ids = new HashSet<>();
        List<ScheduledMessage> messages = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ScheduledMessage m = message(due, null, null);
            ids.add(m.messageId());
            messages.add(m);
        }
        kafka.sendAll(Topics.SCHEDULES, messages.stream()
                .map(m -> Map.entry(m.messageId(), Json.encode(m))).toList());
        List<Occurrence> fired = occurrences(ids::contains, ids.size());
        Set<String> seen = new HashSet<>();
        for (Occurrence o : fired) {
            assertTrue(seen.add(o.occurrenceId()), "handed off twice: " + o.occurrenceId());
        }
        assertEquals(ids.size(), seen.size());
    }

    static String cancelPath(String app, String messageId) {
        return "/internal/apps/" + app + "/schedules/" + messageId + "/cancel";
    }

    void insertDirectly(ScheduledMessage m, Instant due) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into scheduler.schedule (message_id, app_id, state, due_at, repeat_every, payload, created_at, updated_at)"
                        + " values (?, ?, 'WAITING', ?, ?, ?, now(), now())")) {
            ps.setString(1, m.messageId());
            ps.setString(2, m.appId());
            ps.setTimestamp(3, Timestamp.from(due));
            ps.setObject(4, m.repeatEvery());
            ps.setString(5, Json.encode(m));
            ps.executeUpdate();
        }
    }

    record Row(String state, Instant dueAt, int fired) {
    }

    Row row(String messageId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select state, due_at, fired from scheduler.schedule where message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp due = rs.getTimestamp(2);
                return new Row(rs.getString(1), due == null ? null : due.toInstant(), rs.getInt(3));
            }
        }
    }

    void awaitRow(String messageId) throws SQLException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (row(messageId) == null) {
            assertTrue(System.nanoTime() < deadline, "schedule " + messageId + " never stored");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
