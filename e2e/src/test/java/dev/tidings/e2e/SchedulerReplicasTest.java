package dev.tidings.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.ScheduledMessage;
import dev.tidings.devstack.launch.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduler replicas as separate processes sharing one database: they split the work and each occurrence is
 * handed off once; a replica killed (SIGKILL) after the hand-off and before its commit does not lose the
 * occurrence; a replica stopped (SIGTERM) in the middle of a burst finishes what it claimed.
 */
class SchedulerReplicasTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Pattern HANDED_OFF = Pattern.compile("(\\d+) firings handed off since start");

    TidingsStack stack;
    KafkaProbe kafka;
    final String appId = "APP-" + UUID.randomUUID();

    @BeforeEach
    void start() throws Exception {
        stack = new TidingsStack(List.of());
        kafka = new KafkaProbe(stack.devstack.kafkaBootstrap());
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    List<ScheduledMessage> schedule(int n, Instant due) {
        List<ScheduledMessage> messages = new ArrayList<>(n);
        List<Map.Entry<String, String>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ScheduledMessage m = new ScheduledMessage(EventMeta.now(), appId, UUID.randomUUID().toString(), true, false,
                    "replicas", Json.MAPPER.getNodeFactory().textNode("n" + i), null, Map.of(), 15, null, null, due, null, null, null);
            messages.add(m);
            records.add(Map.entry(m.messageId(), Json.encode(m)));
        }
        kafka.sendAll(Topics.SCHEDULES, records);
        return messages;
    }

    /** Every occurrence of these messages on the topic, duplicates included, once {@code count} are there and a while after. */
    List<Occurrence> handedOff(List<ScheduledMessage> messages, int count) {
        Set<String> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.messageId()));
        return kafka.await(Topics.OCCURRENCES, json -> json.contains(appId), count, WAIT, Duration.ofSeconds(3)).stream()
                .map(json -> Json.decode(json, Occurrence.class)).filter(o -> ids.contains(o.messageId())).toList();
    }

    static Map<String, Integer> countById(List<Occurrence> occurrences) {
        Map<String, Integer> counts = new HashMap<>();
        occurrences.forEach(o -> counts.merge(o.occurrenceId(), 1, Integer::sum));
        return counts;
    }

    static long handedOffSinceStart(String log) {
        Matcher m = HANDED_OFF.matcher(log);
        assertTrue(m.find(), "no shutdown summary in the log:\n" + log);
        return Long.parseLong(m.group(1));
    }

    void sigterm(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the replica did not stop on SIGTERM");
    }

    @Test
    void twoReplicasShareThousandsOfSchedulesAndHandEachOffOnce() throws Exception {
        Process a = stack.startReplica("scheduler-service", "scheduler-a", Map.of());
        Process b = stack.startReplica("scheduler-service", "scheduler-b", Map.of());
        List<ScheduledMessage> messages = schedule(4000, Instant.now().plusSeconds(8));
        List<Occurrence> fired = handedOff(messages, messages.size());
        Map<String, Integer> counts = countById(fired);
        assertEquals(messages.size(), counts.size(), "every message fired");
        counts.forEach((id, n) -> assertEquals(1, n, id + " handed off " + n + " times"));
        sigterm(a);
        sigterm(b);
        long byA = handedOffSinceStart(stack.log("scheduler-a"));
        long byB = handedOffSinceStart(stack.log("scheduler-b"));
        assertEquals(messages.size(), byA + byB, "a: " + byA + ", b: " + byB);
        assertTrue(byA > 0 && byB > 0, "both replicas took part: a " + byA + ", b " + byB);
    }

    @Test
    void aReplicaKilledBetweenHandOffAndCommitLosesNothing() throws Exception {
        Process a = stack.startReplica("scheduler-service", "scheduler-hangs", Map.of(
                "TIDINGS_SCHEDULER_FAULT_HANG_BEFORE_COMMIT", "true", "TIDINGS_SCHEDULER_WORKERS", "1"));
        List<ScheduledMessage> messages = schedule(3, Instant.now().plusSeconds(2));
        List<Occurrence> first = handedOff(messages, 3);
        assertEquals(3, countById(first).size(), "the hanging replica handed them off: " + first);
        a.destroyForcibly(); // SIGKILL: its transaction was never committed
        assertTrue(a.waitFor(30, TimeUnit.SECONDS));

        stack.startReplica("scheduler-service", "scheduler-takes-over", Map.of());
        List<Occurrence> all = handedOff(messages, 6);
        Map<String, Integer> counts = countById(all);
        assertEquals(3, counts.size(), counts.toString());
        counts.forEach((id, n) -> assertEquals(2, n, id + ": once by the killed replica, once by its successor"));
        Map<String, Set<String>> eventIds = new HashMap<>();
        all.forEach(o -> eventIds.computeIfAbsent(o.occurrenceId(), k -> new HashSet<>()).add(o.meta().eventId()));
        eventIds.forEach((id, events) -> assertEquals(1, events.size(),
                id + ": a re-handed-off occurrence is the same event, so template-service drops the repeat"));
    }

    @Test
    void aReplicaStoppedMidBurstFinishesWhatItClaimedAndNothingRunsTwice() throws Exception {
        Process a = stack.startReplica("scheduler-service", "scheduler-stops", Map.of("TIDINGS_SCHEDULER_BATCH_SIZE", "50"));
        stack.startReplica("scheduler-service", "scheduler-stays", Map.of("TIDINGS_SCHEDULER_BATCH_SIZE", "50"));
        Instant due = Instant.now().plusSeconds(6);
        List<ScheduledMessage> messages = schedule(4000, due);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis() + 300));
        sigterm(a);
        List<Occurrence> fired = handedOff(messages, messages.size());
        Map<String, Integer> counts = countById(fired);
        assertEquals(messages.size(), counts.size(), "every message fired");
        counts.forEach((id, n) -> assertEquals(1, n, id + " handed off " + n + " times"));
    }
}
