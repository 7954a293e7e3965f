package dev.tidings.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.DeviceInvalidation;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** template-service against a real Kafka broker and a real PostgreSQL database. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, initArgs = @ResourceArg(name = "service", value = "template"))
class TemplateServiceTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final String app = "APP-" + UUID.randomUUID();

    @Test
    void registersReadsAndUnregistersDevices() {
        String token = "1f".repeat(32);
        given().body("{\"deviceId\":\"phone-1\",\"os\":\"IOS\",\"osVersion\":\"17\",\"deviceToken\":\"" + token
                        + "\",\"channels\":[\"news\",\"sport\"]}")
                .post("/internal/apps/{app}/registrations", app)
                .then().statusCode(200).body("registrationId", notNullValue());
        given().get("/internal/apps/{app}/registrations/phone-1", app)
                .then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].channelName", equalTo("news"))
                .body("[1].channelName", equalTo("sport"))
                .body("[0].deviceToken", equalTo(token))
                .body("[0].os", equalTo("IOS"));
        // another app sees nothing of it
        given().get("/internal/apps/{app}/registrations/phone-1", "OTHER-" + app)
                .then().statusCode(404).body("code", equalTo(5000));
        given().delete("/internal/apps/{app}/registrations/phone-1", app)
                .then().statusCode(200).body("result", equalTo(true));
        given().delete("/internal/apps/{app}/registrations/phone-1", app)
                .then().statusCode(404).body("code", equalTo(5001));
        given().get("/internal/apps/{app}/registrations/phone-1", app)
                .then().statusCode(404).body("code", equalTo(5000));
    }

    @Test
    void badRegistrationsAreRefusedWithBackendlessErrors() {
        given().body("{not json").post("/internal/apps/{app}/registrations", app)
                .then().statusCode(400).body("code", equalTo(5900));
        given().body("{\"deviceId\":\"x\",\"os\":\"IOS\",\"deviceToken\":\"zz\"}").post("/internal/apps/{app}/registrations", app)
                .then().statusCode(400).body("code", equalTo(5906));
    }

    @Test
    void reRegistrationsCannotGrowADeviceBeyondTheLimits() {
        String[] names = new String[60];
        for (int i = 0; i < names.length; i++) {
            names[i] = "\"c" + i + "\"";
        }
        String first = "[" + String.join(",", names) + "]";
        String second = first.replace("\"c", "\"d");
        String body = "{\"deviceId\":\"grower\",\"os\":\"ANDROID\",\"deviceToken\":\"grow:APA91b_0000000001\",\"channels\":";
        given().body(body + first + "}").post("/internal/apps/{app}/registrations", app).then().statusCode(200);
        // 60 more would make 120 channels: refused, and nothing of it stays
        given().body(body + second + "}").post("/internal/apps/{app}/registrations", app)
                .then().statusCode(400).body("code", equalTo(5906));
        given().get("/internal/apps/{app}/registrations/grower", app).then().statusCode(200).body("size()", equalTo(60));
        StringBuilder props = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":1");
        }
        String thirty = props.append('}').toString();
        given().body(body + "[\"c1\"],\"properties\":" + thirty + "}").post("/internal/apps/{app}/registrations", app).then().statusCode(200);
        given().body(body + "[\"c1\"],\"properties\":" + thirty.replace("\"p", "\"q") + "}").post("/internal/apps/{app}/registrations", app)
                .then().statusCode(400).body("code", equalTo(5906));
    }

    @Test
    void aTokenRegisteredAgainMovesToTheNewDevice() {
        String token = "fcm:moving-token-0001";
        register("old-phone", "ANDROID", token, "news");
        register("new-phone", "ANDROID", token, "news");
        given().get("/internal/apps/{app}/registrations/old-phone", app).then().statusCode(404);
        given().get("/internal/apps/{app}/registrations/new-phone", app).then().statusCode(200)
                .body("[0].deviceToken", equalTo(token));
    }

    @Test
    void anOccurrenceBecomesPerOsBatchesAndAnAudienceReport() {
        for (int i = 0; i < 3; i++) {
            register("a" + i, "ANDROID", "fcm:token-android-" + i + "-padding", "promo");
        }
        register("i0", "IOS", "2e".repeat(32), "promo");
        register("elsewhere", "ANDROID", "fcm:token-other-channel-x", "other");
        String messageId = UUID.randomUUID().toString();
        Occurrence occurrence = new Occurrence(EventMeta.now(), app, messageId, 1, "promo",
                Json.MAPPER.getNodeFactory().textNode("Sale"), null,
                Map.of("ios-badge", "4", "android-content-title", "Deals", "campaign", "winter"), 15, null, null, null);
        KafkaProbe kafka = new KafkaProbe(bootstrap);
        kafka.send(Topics.OCCURRENCES, messageId, Json.encode(occurrence));

        List<DeliveryBatch> android = batches(kafka, Topics.DELIVERIES_ANDROID, messageId, 1);
        assertEquals(1, android.size());
        DeliveryBatch a = android.get(0);
        assertEquals(Os.ANDROID, a.os());
        assertEquals(List.of("a0", "a1", "a2"), a.recipients().stream().map(Recipient::deviceId).sorted().toList());
        assertEquals("Deals", a.android().notification().title());
        assertEquals("winter", a.android().data().get("campaign"));

        DeliveryBatch ios = batches(kafka, Topics.DELIVERIES_IOS, messageId, 1).get(0);
        assertEquals(List.of(new Recipient("i0", "2e".repeat(32))), ios.recipients());
        assertEquals(4, ((Map<?, ?>) ios.ios().payload().get("aps")).get("badge"));

        DeliveryReport audience = reports(kafka, messageId, 1).get(0);
        assertEquals(DeliveryReport.Kind.AUDIENCE, audience.kind());
        assertEquals(new DeliveryReport.Audience(4, 3, 1), audience.audience());

        // the same occurrence again (a redelivery) produces nothing new
        kafka.send(Topics.OCCURRENCES, messageId, Json.encode(occurrence));
        assertEquals(1, reports(kafka, messageId, 2).size());
    }

    @Test
    void broadcastMaskAndSinglecastNarrowTheAudience() {
        register("s-android", "ANDROID", "fcm:token-single-android-1", "mixed");
        register("s-ios", "IOS", "3c".repeat(32), "mixed");
        register("s-ios-2", "IOS", "4d".repeat(32), "elsewhere");
        KafkaProbe kafka = new KafkaProbe(bootstrap);

        String iosOnly = UUID.randomUUID().toString();
        kafka.send(Topics.OCCURRENCES, iosOnly, Json.encode(new Occurrence(EventMeta.now(), app, iosOnly, 1, "mixed",
                Json.MAPPER.getNodeFactory().textNode("x"), null, Map.of(), Os.IOS.bit(), null, null, null)));
        assertEquals(new DeliveryReport.Audience(1, 0, 1), reports(kafka, iosOnly, 1).get(0).audience());

        String single = UUID.randomUUID().toString();
        kafka.send(Topics.OCCURRENCES, single, Json.encode(new Occurrence(EventMeta.now(), app, single, 1, "mixed",
                Json.MAPPER.getNodeFactory().textNode("x"), null, Map.of(), 15, List.of("s-android", "s-ios-2", "nobody"), null, null)));
        assertEquals(new DeliveryReport.Audience(2, 1, 1), reports(kafka, single, 1).get(0).audience());
    }

    @Test
    void anInvalidatedTokenDeactivatesTheDeviceUnlessItRegisteredAgainLater() {
        String token = "5e".repeat(32);
        register("gone", "IOS", token, "news");
        KafkaProbe kafka = new KafkaProbe(bootstrap);
        kafka.send(Topics.DEVICE_INVALIDATIONS, "gone", Json.encode(new DeviceInvalidation(EventMeta.now(), app, "gone",
                Os.IOS, token, "Unregistered", Instant.now().minusSeconds(3600))));
        kafka.send(Topics.DEVICE_INVALIDATIONS, "gone", Json.encode(new DeviceInvalidation(EventMeta.now(), app, "gone",
                Os.IOS, token, "Unregistered", Instant.now().plusSeconds(1))));
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean active = true;
        while (active && System.nanoTime() < deadline) {
            active = given().get("/internal/apps/{app}/registrations/gone", app).then().extract().path("[0].active");
        }
        assertTrue(!active, "the device should be inactive after the newer invalidation");
    }

    @Test
    void segmentQueriesSelectExactlyTheMatchingDevices() {
        registerWith("d1", "ANDROID", "9", "fcm:segment-token-d1", "[\"seg\"]", "{\"tier\":\"gold\",\"age\":30,\"vip\":true}");
        registerWith("d2", "ANDROID", "12", "fcm:segment-token-d2", "[\"seg\"]", "{\"tier\":\"silver\",\"age\":17}");
        registerWith("d3", "IOS", "17.4.1", "6a".repeat(32), "[\"seg\"]", "{\"tier\":\"gold\"}");
        registerWith("d4", "IOS", "12.1", "7b".repeat(32), "[\"seg\",\"extra\"]", "{}");
        registerWith("d5", "ANDROID", "12.0.1", "fcm:segment-token-d5", "[\"other\"]", "{\"tier\":\"gold\"}");
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("os = 'ANDROID' AND osVersion >= '12'", List.of("d2"));
        cases.put("osVersion < '12'", List.of("d1"));
        cases.put("osVersion > '12'", List.of("d3", "d4"));
        cases.put("properties.tier = 'gold'", List.of("d1", "d3"));
        cases.put("properties.age >= 18", List.of("d1"));
        cases.put("properties.vip = TRUE", List.of("d1"));
        cases.put("properties.tier IS NULL", List.of("d4"));
        cases.put("channel = 'extra'", List.of("d4"));
        cases.put("deviceId IN ('d1', 'd4', 'd5')", List.of("d1", "d4"));
        cases.put("deviceId LIKE 'd%' AND NOT os = 'IOS'", List.of("d1", "d2"));
        cases.put("(properties.tier = 'gold' OR properties.age < 18) AND os != 'IOS'", List.of("d1", "d2"));
        cases.put("os = 'ios'", List.of("d3", "d4"));
        cases.put("registeredAt > 0 AND registeredAt < '2999-01-01T00:00:00Z'", List.of("d1", "d2", "d3", "d4"));
        cases.put("deviceId = 'x''; drop table template.device; --'", List.of());
        cases.put("osVersion = '12'", List.of("d2"));
        KafkaProbe kafka = new KafkaProbe(bootstrap);
        for (var c : cases.entrySet()) {
            String messageId = UUID.randomUUID().toString();
            kafka.send(Topics.OCCURRENCES, messageId, Json.encode(new Occurrence(EventMeta.now(), app, messageId, 1, "seg",
                    Json.MAPPER.getNodeFactory().textNode("x"), null, Map.of(), 15, null, c.getKey(), null)));
            DeliveryReport audience = reports(kafka, messageId, 1).get(0);
            assertEquals(DeliveryReport.Kind.AUDIENCE, audience.kind(), c.getKey() + ": " + audience);
            List<String> got = new java.util.ArrayList<>();
            // the batches were acknowledged before the audience report was sent: one per OS with devices
            if (audience.audience().android() > 0) {
                batches(kafka, Topics.DELIVERIES_ANDROID, messageId, 1).forEach(b -> b.recipients().forEach(r -> got.add(r.deviceId())));
            }
            if (audience.audience().ios() > 0) {
                batches(kafka, Topics.DELIVERIES_IOS, messageId, 1).forEach(b -> b.recipients().forEach(r -> got.add(r.deviceId())));
            }
            got.sort(null);
            assertEquals(c.getValue(), got, c.getKey());
            assertEquals(c.getValue().size(), audience.audience().recipients(), c.getKey());
        }
    }

    @Test
    void concurrentRegistrationsOfOneDeviceAllSucceedAndAllChannelsStick() throws Exception {
        assertAllAnswer200(registerAtOnce(12, i -> "{\"deviceId\":\"racer\",\"os\":\"ANDROID\","
                + "\"deviceToken\":\"fcm:racing-token-000\",\"channels\":[\"race" + i + "\"]}"));
        given().get("/internal/apps/{app}/registrations/racer", app).then().statusCode(200).body("size()", equalTo(12));
    }

    @Test
    void oneTokenRegisteredByManyDevicesAtOnceEndsWithOneOfThem() throws Exception {
        assertAllAnswer200(registerAtOnce(32, i -> "{\"deviceId\":\"taker-" + i + "\",\"os\":\"ANDROID\","
                + "\"deviceToken\":\"fcm:one-token-many-takers\",\"channels\":[\"takers\"]}"));
        int holders = 0;
        for (int i = 0; i < 32; i++) {
            holders += given().get("/internal/apps/{app}/registrations/taker-" + i, app).statusCode() == 200 ? 1 : 0;
        }
        assertEquals(1, holders, "the token belongs to one device in the end");
    }

    @Test
    void aSegmentQueryThatCannotRunRejectsTheOccurrence() {
        String messageId = UUID.randomUUID().toString();
        KafkaProbe kafka = new KafkaProbe(bootstrap);
        kafka.send(Topics.OCCURRENCES, messageId, Json.encode(new Occurrence(EventMeta.now(), app, messageId, 1, "seg",
                Json.MAPPER.getNodeFactory().textNode("x"), null, Map.of(), 15, null, "registeredAt > 'yesterday'", null)));
        DeliveryReport report = reports(kafka, messageId, 1).get(0);
        assertEquals(DeliveryReport.Kind.REJECTED, report.kind());
        assertTrue(report.reason().contains("registeredAt"), report.reason());
    }

    /** Sends the n registrations at the same time (from 16 threads) and answers their HTTP statuses. */
    private List<Integer> registerAtOnce(int n, java.util.function.IntFunction<String> body) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String json = body.apply(i);
                answers.add(pool.submit(() -> given().body(json).post("/internal/apps/{app}/registrations", app).statusCode()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var a : answers) {
                statuses.add(a.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }

    private static void assertAllAnswer200(List<Integer> statuses) {
        assertEquals(java.util.Collections.nCopies(statuses.size(), 200), statuses);
    }

    private void registerWith(String deviceId, String os, String version, String token, String channels, String properties) {
        given().body("{\"deviceId\":\"" + deviceId + "\",\"os\":\"" + os + "\",\"osVersion\":\"" + version
                        + "\",\"deviceToken\":\"" + token + "\",\"channels\":" + channels + ",\"properties\":" + properties + "}")
                .post("/internal/apps/{app}/registrations", app)
                .then().statusCode(200);
    }

    private void register(String deviceId, String os, String token, String channel) {
        given().body("{\"deviceId\":\"" + deviceId + "\",\"os\":\"" + os + "\",\"deviceToken\":\"" + token
                        + "\",\"channels\":[\"" + channel + "\"]}")
                .post("/internal/apps/{app}/registrations", app)
                .then().statusCode(200);
    }

    private static List<DeliveryBatch> batches(KafkaProbe kafka, String topic, String messageId, int count) {
        return kafka.await(topic, v -> v.contains(messageId), count, WAIT).stream()
                .map(v -> Json.decode(v, DeliveryBatch.class)).collect(Collectors.toList());
    }

    private static List<DeliveryReport> reports(KafkaProbe kafka, String messageId, int count) {
        return kafka.await(Topics.DELIVERY_RESULTS, v -> v.contains(messageId), count, count == 1 ? WAIT : Duration.ofSeconds(5))
                .stream().map(v -> Json.decode(v, DeliveryReport.class)).collect(Collectors.toList());
    }
}
