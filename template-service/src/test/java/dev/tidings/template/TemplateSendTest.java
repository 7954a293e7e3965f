package dev.tidings.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.contracts.events.TemplateSend;
import dev.tidings.contracts.template.PushTemplate;
import dev.tidings.contracts.template.TemplateParser;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Templates, users and personalised sends, with audience pages of one device so that paging is exercised
 * on every send: each device must still get exactly one notification.
 */
@QuarkusTest
@TestProfile(TemplateSendTest.PagesOfOne.class)
@QuarkusTestResource(value = StackResource.class, initArgs = @ResourceArg(name = "service", value = "template"))
class TemplateSendTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    public static class PagesOfOne implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tidings.audience.page-size", "1");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final String app = "APP-" + UUID.randomUUID();

    @Test
    void templatesAreCreatedReadListedReplacedAndDeleted() {
        String body = "{\"name\":\"welcome\",\"content\":{\"message\":\"Hi {Users.firstName|there}\"},"
                + "\"audience\":{\"platforms\":[\"IOS\"]},\"ios\":{\"badge\":1}}";
        given().body(body).post("/internal/apps/{app}/templates", app)
                .then().statusCode(201).body("name", equalTo("welcome")).body("audience.channel", equalTo("default"))
                .body("$", not(hasKey("android")));
        given().body(body).post("/internal/apps/{app}/templates", app)
                .then().statusCode(409).body("code", equalTo(5921));
        given().get("/internal/apps/{app}/templates/welcome", app)
                .then().statusCode(200).body("ios.badge", equalTo(1));
        given().body("{\"content\":{\"message\":\"Hello\"},\"android\":{\"color\":\"#00FF00\"}}")
                .put("/internal/apps/{app}/templates/welcome", app)
                .then().statusCode(200).body("content.message", equalTo("Hello")).body("ios", nullValue());
        given().body("{\"content\":{\"message\":\"Hello\"}}").put("/internal/apps/{app}/templates/nope", app)
                .then().statusCode(404).body("code", equalTo(5920));
        given().body("{\"name\":\"second one\",\"content\":{\"message\":\"m\"}}").post("/internal/apps/{app}/templates", app)
                .then().statusCode(201);
        given().get("/internal/apps/{app}/templates", app)
                .then().statusCode(200).body("name", equalTo(List.of("second one", "welcome")));
        // another app sees none of them
        given().get("/internal/apps/{app}/templates/welcome", "OTHER-" + app).then().statusCode(404).body("code", equalTo(5920));
        given().delete("/internal/apps/{app}/templates/welcome", app).then().statusCode(200).body("result", equalTo(true));
        given().delete("/internal/apps/{app}/templates/welcome", app).then().statusCode(404).body("code", equalTo(5920));
    }

    @Test
    void anInvalidTemplateIsRefusedWhenSavedAndNothingIsStored() {
        given().body("{\"name\":\"bad\",\"content\":{\"message\":\"m\"},\"android\":{\"color\":\"red\"}}")
                .post("/internal/apps/{app}/templates", app)
                .then().statusCode(400).body("code", equalTo(5919)).body("message", containsString("android.color"));
        given().body("{\"name\":\"bad\",\"content\":{\"message\":\"m\"},\"audience\":{\"segmentQuery\":\"os ==\"}}")
                .post("/internal/apps/{app}/templates", app)
                .then().statusCode(400).body("code", equalTo(5912));
        given().body("{not json").post("/internal/apps/{app}/templates", app).then().statusCode(400).body("code", equalTo(5900));
        given().get("/internal/apps/{app}/templates/bad", app).then().statusCode(404);
    }

    @Test
    void clientsListTheTemplatesOfTheirDeviceType() {
        given().body("{\"name\":\"both\",\"content\":{\"message\":\"m\"},\"ios\":{\"sound\":\"a.caf\"},\"android\":{\"icon\":\"ic\"}}")
                .post("/internal/apps/{app}/templates", app).then().statusCode(201);
        given().body("{\"name\":\"ios-only\",\"content\":{\"message\":\"m\"},\"audience\":{\"platforms\":[\"IOS\"]}}")
                .post("/internal/apps/{app}/templates", app).then().statusCode(201);
        given().get("/internal/apps/{app}/pushtemplates/android", app).then().statusCode(200)
                .body("$", hasKey("both")).body("$", not(hasKey("ios-only")))
                .body("both.android.icon", equalTo("ic")).body("both", not(hasKey("ios"))).body("both", not(hasKey("audience")));
        given().get("/internal/apps/{app}/pushtemplates/IOS", app).then().statusCode(200)
                .body("$", hasKey("both")).body("$", hasKey("ios-only"))
                .body("both.ios.sound", equalTo("a.caf")).body("both", not(hasKey("android")));
        given().get("/internal/apps/{app}/pushtemplates/wp", app).then().statusCode(400).body("code", equalTo(5904));
    }

    @Test
    void usersAreUpsertedReadAndDeleted() {
        given().body("{\"firstName\":\"Ada\",\"unread\":3}").put("/internal/apps/{app}/users/u1", app)
                .then().statusCode(201).body("properties.firstName", equalTo("Ada"));
        given().body("{\"firstName\":\"Ada\",\"vip\":true}").put("/internal/apps/{app}/users/u1", app)
                .then().statusCode(200);
        given().get("/internal/apps/{app}/users/u1", app).then().statusCode(200)
                .body("properties.vip", equalTo(true)).body("properties", not(hasKey("unread")));
        given().body("{\"nested\":{\"a\":1}}").put("/internal/apps/{app}/users/u1", app)
                .then().statusCode(400).body("code", equalTo(5922));
        given().body("[1]").put("/internal/apps/{app}/users/u1", app).then().statusCode(400).body("code", equalTo(5922));
        given().delete("/internal/apps/{app}/users/u1", app).then().statusCode(200);
        given().get("/internal/apps/{app}/users/u1", app).then().statusCode(404).body("code", equalTo(5923));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachRecipientGetsItsOwnContentAndAnOversizedOneFailsAlone() throws Exception {
        given().body("{\"firstName\":\"Ada\",\"unread\":3}").put("/internal/apps/{app}/users/ada", app).then().statusCode(201);
        given().body("{\"firstName\":\"" + "B".repeat(1000) + "\"}").put("/internal/apps/{app}/users/big", app).then().statusCode(201);
        register("a-ada", "ANDROID", "fcm:personal-token-ada", "tpl", "ada", "{}");
        register("i-ada", "IOS", "1a".repeat(32), "tpl", "ada", "{\"city\":\"Oslo\"}");
        register("a-anon", "ANDROID", "fcm:personal-token-anon", "tpl", null, "{}");
        register("i-big", "IOS", "2b".repeat(32), "tpl", "big", "{}");
        register("a-other", "ANDROID", "fcm:personal-token-other", "elsewhere", "ada", "{}");

        // the long name fits once; the template repeats it four times, which only that recipient's payload exceeds
        PushTemplate template = TemplateParser.parse(Json.MAPPER.readTree("""
                {"name": "digest",
                 "content": {"message": "Hi {Users.firstName|there}, {count} new in {Devices.city|your town}",
                             "title": "{Users.unread|0} unread", "headers": {"uid": "{Devices.userId}"}},
                 "audience": {"channel": "tpl"},
                 "ios": {"alertSubtitle": "{Users.firstName}{Users.firstName}{Users.firstName}", "badge": 1}}
                """), null);
        String messageId = UUID.randomUUID().toString();
        Occurrence o = new Occurrence(EventMeta.now(), app, messageId, 1, "tpl", null, null, null, 3, null, null,
                new TemplateSend(template, Map.of("count", "5")));
        KafkaProbe kafka = new KafkaProbe(bootstrap);
        kafka.send(Topics.OCCURRENCES, messageId, Json.encode(o));

        List<DeliveryReport> reports = reports(kafka, messageId, 2);
        DeliveryReport audience = reports.stream().filter(r -> r.kind() == DeliveryReport.Kind.AUDIENCE).findFirst().orElseThrow();
        assertEquals(new DeliveryReport.Audience(4, 2, 2), audience.audience());
        DeliveryReport refused = reports.stream().filter(r -> r.kind() == DeliveryReport.Kind.OUTCOMES).findFirst().orElseThrow();
        assertEquals(1, refused.outcomes().size());
        assertEquals("i-big", refused.outcomes().get(0).deviceId());
        assertEquals(DeliveryReport.Outcome.FAILED, refused.outcomes().get(0).outcome());
        assertTrue(refused.outcomes().get(0).reason().contains("the limit is 4096"), refused.outcomes().get(0).reason());

        Map<String, Recipient> android = recipients(kafka, Topics.DELIVERIES_ANDROID, messageId, 2);
        assertEquals(List.of("a-ada", "a-anon"), android.keySet().stream().sorted().toList());
        assertEquals("Hi Ada, 5 new in your town", android.get("a-ada").android().notification().body());
        assertEquals("3 unread", android.get("a-ada").android().notification().title());
        assertEquals("ada", android.get("a-ada").android().data().get("uid"));
        assertEquals("Hi there, 5 new in your town", android.get("a-anon").android().notification().body());
        assertEquals("0 unread", android.get("a-anon").android().notification().title());
        assertEquals("", android.get("a-anon").android().data().get("uid"));
        assertEquals("digest", android.get("a-anon").android().data().get("template_name"));

        Map<String, Recipient> ios = recipients(kafka, Topics.DELIVERIES_IOS, messageId, 1);
        assertEquals(List.of("i-ada"), List.copyOf(ios.keySet()));
        Map<String, Object> aps = (Map<String, Object>) ios.get("i-ada").ios().payload().get("aps");
        Map<String, Object> alert = (Map<String, Object>) aps.get("alert");
        assertEquals("Hi Ada, 5 new in Oslo", alert.get("body"));
        assertEquals("AdaAdaAda", alert.get("subtitle"));
        assertEquals(1, aps.get("badge"));
    }

    @Test
    void aRecipientWhosePropertyMakesABadUrlFailsAlone() throws Exception {
        given().body("{\"avatar\":\"https://cdn.example/ada.png\"}").put("/internal/apps/{app}/users/good", app).then().statusCode(201);
        given().body("{\"avatar\":\"javascript:alert(1)\"}").put("/internal/apps/{app}/users/evil", app).then().statusCode(201);
        register("i-good", "IOS", "4c".repeat(32), "urls", "good", "{}");
        register("i-evil", "IOS", "5d".repeat(32), "urls", "evil", "{}");
        PushTemplate template = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"pic\",\"content\":{\"message\":\"m\"},\"audience\":{\"channel\":\"urls\"},"
                        + "\"ios\":{\"attachmentUrl\":\"{Users.avatar}\"}}"), null);
        String messageId = UUID.randomUUID().toString();
        KafkaProbe kafka = new KafkaProbe(bootstrap);
        kafka.send(Topics.OCCURRENCES, messageId, Json.encode(new Occurrence(EventMeta.now(), app, messageId, 1, "urls",
                null, null, null, 3, null, null, new TemplateSend(template, Map.of()))));
        List<DeliveryReport> reports = reports(kafka, messageId, 2);
        DeliveryReport refused = reports.stream().filter(r -> r.kind() == DeliveryReport.Kind.OUTCOMES).findFirst().orElseThrow();
        assertEquals("i-evil", refused.outcomes().get(0).deviceId());
        assertTrue(refused.outcomes().get(0).reason().contains("ios.attachmentUrl"), refused.outcomes().get(0).reason());
        Map<String, Recipient> ios = recipients(kafka, Topics.DELIVERIES_IOS, messageId, 1);
        assertEquals(List.of("i-good"), List.copyOf(ios.keySet()));
        assertEquals("https://cdn.example/ada.png", ios.get("i-good").ios().payload().get("ios-rich-media-url"));
    }

    @Test
    void withPagesOfOneDeviceEveryDeviceIsSentExactlyOnce() {
        for (int i = 0; i < 4; i++) {
            register("pa" + i, "ANDROID", "fcm:paging-token-android-" + i, "paged", null, "{}");
        }
        for (int i = 0; i < 3; i++) {
            register("pi" + i, "IOS", ("3" + i).repeat(32), "paged", null, "{}");
        }
        String messageId = UUID.randomUUID().toString();
        KafkaProbe kafka = new KafkaProbe(bootstrap);
        kafka.send(Topics.OCCURRENCES, messageId, Json.encode(new Occurrence(EventMeta.now(), app, messageId, 1, "paged",
                Json.MAPPER.getNodeFactory().textNode("x"), null, Map.of(), 15, null, null, null)));
        assertEquals(new DeliveryReport.Audience(7, 4, 3), reports(kafka, messageId, 1).get(0).audience());
        List<String> sent = new ArrayList<>();
        for (String topic : List.of(Topics.DELIVERIES_ANDROID, Topics.DELIVERIES_IOS)) {
            kafka.await(topic, v -> v.contains(messageId), topic.equals(Topics.DELIVERIES_IOS) ? 3 : 4, WAIT, Duration.ofSeconds(2))
                    .forEach(v -> Json.decode(v, DeliveryBatch.class).recipients().forEach(r -> {
                        assertNull(r.android(), "a plain publish shares one payload per batch");
                        sent.add(r.deviceId());
                    }));
        }
        sent.sort(null);
        assertEquals(List.of("pa0", "pa1", "pa2", "pa3", "pi0", "pi1", "pi2"), sent);
    }

    @Test
    void registrationsCarryTheirUser() {
        register("owned", "ANDROID", "fcm:owned-token-00001", "news", "u-9", "{}");
        given().get("/internal/apps/{app}/registrations/owned", app).then().statusCode(200).body("[0].userId", equalTo("u-9"));
        // registering again without a user keeps it
        register("owned", "ANDROID", "fcm:owned-token-00001", "news", null, "{}");
        given().get("/internal/apps/{app}/registrations/owned", app).then().statusCode(200).body("[0].userId", equalTo("u-9"));
    }

    private void register(String deviceId, String os, String token, String channel, String userId, String properties) {
        given().body("{\"deviceId\":\"" + deviceId + "\",\"os\":\"" + os + "\",\"deviceToken\":\"" + token
                        + "\",\"channels\":[\"" + channel + "\"],\"properties\":" + properties
                        + (userId == null ? "" : ",\"userId\":\"" + userId + "\"") + "}")
                .post("/internal/apps/{app}/registrations", app)
                .then().statusCode(200);
    }

    private static Map<String, Recipient> recipients(KafkaProbe kafka, String topic, String messageId, int count) {
        Map<String, Recipient> out = new HashMap<>();
        for (String v : kafka.await(topic, x -> x.contains(messageId), count, WAIT, Duration.ofSeconds(1))) {
            DeliveryBatch b = Json.decode(v, DeliveryBatch.class);
            for (Recipient r : b.recipients()) {
                assertTrue(out.put(r.deviceId(), r) == null, r.deviceId() + " was sent twice");
            }
        }
        return out;
    }

    private static List<DeliveryReport> reports(KafkaProbe kafka, String messageId, int count) {
        return kafka.await(Topics.DELIVERY_RESULTS, v -> v.contains(messageId), count, WAIT).stream()
                .map(v -> Json.decode(v, DeliveryReport.class)).toList();
    }
}
