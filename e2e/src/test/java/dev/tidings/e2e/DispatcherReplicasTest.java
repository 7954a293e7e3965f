package dev.tidings.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.StackFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dispatchers as separate processes against the emulators: one killed with SIGKILL in the middle of a
 * batch and started again delivers every device, none twice; a second one joining mid-stream takes part
 * of the work, and no device gets anything twice either.
 */
class DispatcherReplicasTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final Pattern FINISHED = Pattern.compile("(\\d+) batches finished since start");
    /** short timeouts, so a claim left by the killed process is taken over within seconds */
    static final Map<String, String> ENV = Map.of("TIDINGS_LEDGER_CLAIM_TIMEOUT", "10s",
            "TIDINGS_FCM_TIMEOUT", "5s", "TIDINGS_APNS_TIMEOUT", "5s");

    TidingsStack stack;
    KafkaProbe kafka;
    String fcm;
    String apns;
    final String appId = "APP-" + UUID.randomUUID();
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void start() throws Exception {
        stack = new TidingsStack(List.of());
        kafka = new KafkaProbe(stack.devstack.kafkaBootstrap());
        fcm = stack.devstack.facts().get(StackFacts.FCM_URL);
        apns = stack.devstack.facts().get(StackFacts.APNS_CONTROL_URL);
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDispatcherKilledMidBatchThenRestartedDeliversEveryDeviceOnce() throws Exception {
        Process first = stack.startReplica("dispatcher-service", "dispatcher-killed", ENV);
        List<DeliveryBatch> android = batches(Os.ANDROID, 3, 100);
        List<DeliveryBatch> ios = batches(Os.IOS, 3, 100);
        // the provider holds every answer of the last batches: they are in flight when the process dies
        for (DeliveryBatch last : List.of(android.get(2), ios.get(2))) {
            for (Recipient r : last.recipients()) {
                stack.fault(last.os() == Os.IOS ? apns : fcm, "{\"token\":\"" + r.token() + "\",\"delayMs\":8000,\"times\":1}");
            }
        }
        publish(android, "kill-android");
        publish(ios, "kill-ios");
        awaitAccepted(400);
        Thread.sleep(1000);
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));

        stack.startReplica("dispatcher-service", "dispatcher-restarted", ENV);
        Map<String, Integer> accepted = awaitAccepted(600);
        assertEquals(600, accepted.size(), "every device delivered");
        accepted.forEach((token, n) -> assertEquals(1, n, token + " got it " + n + " times"));
    }

    @Test
    void aSecondDispatcherJoiningMidStreamSharesTheWorkAndSendsNoDeviceTwice() throws Exception {
        stack.startReplica("dispatcher-service", "dispatcher-first", ENV);
        // a slow provider, so the stream is still flowing when the second one has started
        stack.fault(fcm, "{\"token\":\"*\",\"delayMs\":100}");
        List<DeliveryBatch> batches = batches(Os.ANDROID, 60, 100);
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            records.add(Map.entry("joining-" + i, Json.encode(batches.get(i))));
        }
        kafka.sendAll(Topics.DELIVERIES_ANDROID, records);
        awaitAccepted(300);
        Process second = stack.startReplica("dispatcher-service", "dispatcher-second", ENV);
        Map<String, Integer> accepted = awaitAccepted(6000);
        // claims the rebalance left to the other replica are checked again after the claim timeout
        Thread.sleep(12_000);
        accepted = accepted();
        assertEquals(6000, accepted.size(), "every device delivered");
        accepted.forEach((token, n) -> assertEquals(1, n, token + " got it " + n + " times"));

        second.destroy();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second dispatcher did not stop on SIGTERM");
        Matcher m = FINISHED.matcher(stack.log("dispatcher-second"));
        assertTrue(m.find(), stack.log("dispatcher-second"));
        assertTrue(Long.parseLong(m.group(1)) > 0, "the second dispatcher took no batch");
    }

    List<DeliveryBatch> batches(Os os, int count, int size) {
        List<DeliveryBatch> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            String messageId = UUID.randomUUID().toString();
            List<Recipient> recipients = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String token = os == Os.IOS
                        ? String.format("%08x", (run + os + b).hashCode()) + String.format("%056x", (long) b * 100_000 + i)
                        : "fcm:" + run + "-" + b + "-" + i;
                recipients.add(new Recipient("d" + b + "-" + i, token));
            }
            out.add(os == Os.IOS
                    ? new DeliveryBatch(EventMeta.now(), appId, messageId, 1, os, 1, null,
                            new IosPush(Map.of("aps", Map.of("alert", "hello")), "alert", 10, null, null), recipients)
                    : new DeliveryBatch(EventMeta.now(), appId, messageId, 1, os, 1,
                            new AndroidPush(new AndroidPush.Notification("T", "hello", null), null, Map.of()), null, recipients));
        }
        return out;
    }

    void publish(List<DeliveryBatch> batches, String key) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        batches.forEach(b -> records.add(Map.entry(key, Json.encode(b))));
        kafka.sendAll(Topics.deliveriesFor(batches.get(0).os()), records);
    }

    /** Accepted notifications of this run by token, once there are at least {@code distinct} tokens. */
    Map<String, Integer> awaitAccepted(int distinct) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Integer> accepted = accepted();
        while (accepted.size() < distinct) {
            assertTrue(System.nanoTime() < deadline, "only " + accepted.size() + " of " + distinct + " devices delivered");
            Thread.sleep(250);
            accepted = accepted();
        }
        return accepted;
    }

    Map<String, Integer> accepted() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (String emulator : List.of(fcm, apns)) {
            for (JsonNode n : stack.received(emulator, null)) {
                if (n.path("status").asInt() == 200) {
                    counts.merge(n.path("token").asText(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
