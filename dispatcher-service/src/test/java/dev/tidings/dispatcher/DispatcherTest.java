package dev.tidings.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.contracts.events.DeviceInvalidation;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.LocalStack;
import dev.tidings.devstack.launch.StackFacts;
import dev.tidings.devstack.launch.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** dispatcher-service with a real broker, the real firebase-admin and pushy clients, and the emulators. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, initArgs = @ResourceArg(name = "service", value = "dispatcher"))
class DispatcherTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final String app = "APP-" + UUID.randomUUID();

    @Test
    void androidBatchGoesThroughFirebaseAdminToTheFcmEmulator() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String dead = "fcm:dead-" + messageId;
        fault(StackFacts.FCM_URL, "{\"token\":\"" + dead + "\",\"error\":\"UNREGISTERED\"}");
        AndroidPush push = new AndroidPush(new AndroidPush.Notification("Title", "Body", null),
                new AndroidPush.Android(null, "high", 3600L,
                        new AndroidPush.AndroidNotification("Title", "Body", "Tick", "bell", null, null, null, null, null)),
                Map.of("orderId", "9"));
        List<Recipient> recipients = List.of(new Recipient("ok-1", "fcm:ok-1-" + messageId),
                new Recipient("ok-2", "fcm:ok-2-" + messageId), new Recipient("gone", dead));
        send(Topics.DELIVERIES_ANDROID, new DeliveryBatch(EventMeta.now(), app, messageId, 1, Os.ANDROID, 1, push, null, recipients));

        List<DeviceOutcome> outcomes = outcomes(messageId);
        assertEquals(List.of(
                new DeviceOutcome("gone", Os.ANDROID, Outcome.TOKEN_INVALID, "UNREGISTERED"),
                new DeviceOutcome("ok-1", Os.ANDROID, Outcome.DELIVERED, null),
                new DeviceOutcome("ok-2", Os.ANDROID, Outcome.DELIVERED, null)), outcomes);

        JsonNode received = received(StackFacts.FCM_URL, "fcm:ok-1-" + messageId);
        assertEquals(1, received.size());
        JsonNode message = received.get(0).get("payload");
        assertEquals("Title", message.at("/notification/title").asText());
        assertEquals("Tick", message.at("/android/notification/ticker").asText());
        assertEquals("bell", message.at("/android/notification/sound").asText());
        assertEquals("3600s", message.at("/android/ttl").asText());
        assertEquals("HIGH", message.at("/android/priority").asText().toUpperCase());
        assertEquals("9", message.at("/data/orderId").asText());

        DeviceInvalidation invalidation = Json.decode(new KafkaProbe(bootstrap)
                .await(Topics.DEVICE_INVALIDATIONS, v -> v.contains(dead), 1, WAIT).get(0), DeviceInvalidation.class);
        assertEquals("gone", invalidation.deviceId());
        assertEquals("UNREGISTERED", invalidation.reason());
    }

    @Test
    void iosBatchGoesThroughPushyToTheApnsEmulator() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String ok = UUID.randomUUID().toString().replace("-", "").repeat(2);
        String bad = UUID.randomUUID().toString().replace("-", "").repeat(2);
        fault(StackFacts.APNS_CONTROL_URL, "{\"token\":\"" + bad + "\",\"error\":\"BadDeviceToken\"}");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("aps", Map.of("alert", Map.of("title", "T", "body", "B"), "badge", 0));
        payload.put("orderId", "9");
        IosPush push = new IosPush(payload, "alert", 10, "order-9", null);
        send(Topics.DELIVERIES_IOS, new DeliveryBatch(EventMeta.now(), app, messageId, 1, Os.IOS, 1, null, push,
                List.of(new Recipient("phone", ok), new Recipient("broken", bad))));

        assertEquals(List.of(
                new DeviceOutcome("broken", Os.IOS, Outcome.TOKEN_INVALID, "BadDeviceToken"),
                new DeviceOutcome("phone", Os.IOS, Outcome.DELIVERED, null)), outcomes(messageId));

        JsonNode received = received(StackFacts.APNS_CONTROL_URL, ok);
        assertEquals(1, received.size());
        assertEquals(0, received.get(0).at("/payload/aps/badge").asInt());
        assertTrue(received.get(0).at("/payload/aps/badge").isInt());
        assertEquals("9", received.get(0).at("/payload/orderId").asText());
        assertEquals("order-9", received.get(0).at("/headers/apns-collapse-id").asText());
        assertEquals("dev.tidings.demo", received.get(0).at("/headers/apns-topic").asText());
    }

    private void send(String topic, DeliveryBatch batch) {
        new KafkaProbe(bootstrap).send(topic, batch.messageId(), Json.encode(batch));
    }

    private List<DeviceOutcome> outcomes(String messageId) {
        List<String> reports = new KafkaProbe(bootstrap).await(Topics.DELIVERY_RESULTS, v -> v.contains(messageId), 1, WAIT);
        assertEquals(1, reports.size(), "one outcome report per batch");
        return Json.decode(reports.get(0), DeliveryReport.class).outcomes().stream()
                .sorted(Comparator.comparing(DeviceOutcome::deviceId)).toList();
    }

    private static JsonNode received(String emulatorKey, String token) throws Exception {
        String url = LocalStack.shared().facts().get(emulatorKey) + "/emulator/notifications?token=" + token;
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).get("notifications");
    }

    private static void fault(String emulatorKey, String rule) throws Exception {
        String url = LocalStack.shared().facts().get(emulatorKey) + "/emulator/faults";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(rule)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }
}
