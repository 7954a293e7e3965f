package dev.tidings.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.devstack.Credentials;
import dev.tidings.devstack.launch.ProviderAccounts;
import dev.tidings.devstack.launch.StackFacts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Register, publish, deliver: over the public HTTP API, through Kafka and all four services, to the FCM
 * emulator via the real firebase-admin client and to the APNs emulator via the real pushy client.
 */
class PublishEndToEndTest {
    static TidingsStack stack;
    static String base;
    static String appId;
    static String fcm;
    static String apns;

    @BeforeAll
    static void start() throws Exception {
        stack = new TidingsStack();
        JsonNode app = stack.call("POST", stack.gateway() + "/admin/apps", "{\"name\":\"e2e\"}",
                "Authorization", "Bearer " + stack.adminToken).json();
        appId = app.get("appId").asText();
        base = stack.gateway() + "/" + appId + "/" + app.get("apiKey").asText() + "/messaging";
        fcm = stack.devstack.facts().get(StackFacts.FCM_URL);
        apns = stack.devstack.facts().get(StackFacts.APNS_CONTROL_URL);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void publishReachesBothProvidersWithTheMappedPayloads() throws Exception {
        String androidToken = "e2e-android:APA91bF0xk3-token_A";
        String iosToken = "a1".repeat(32);
        register("e2e-android-1", "ANDROID", androidToken, "e2e-news");
        register("e2e-ios-1", "IOS", iosToken, "e2e-news");

        TidingsStack.Response published = stack.call("POST", base + "/e2e-news", """
                {"message": "Hello from Tidings",
                 "headers": {"android-content-title": "Android title", "android-content-text": "Android text",
                             "ios-alert-title": "iOS title", "ios-alert-body": "iOS body",
                             "ios-badge": "7", "ios-sound": "chime.caf", "orderId": "A-1001"}}""");
        assertEquals(200, published.status(), published.body());
        assertEquals("published", published.json().get("status").asText());
        String messageId = published.json().get("messageId").asText();

        JsonNode status = awaitStatus(messageId, "published");
        assertEquals(2, status.get("recipients").asInt(), status.toString());
        assertEquals(2, status.get("successfulSendsAmount").asInt(), status.toString());
        assertEquals(0, status.get("failedSendsAmount").asInt(), status.toString());
        assertEquals(0, status.get("pending").asInt(), status.toString());

        JsonNode fcmReceived = received(fcm, androidToken);
        assertEquals(1, fcmReceived.size(), fcmReceived.toString());
        JsonNode message = fcmReceived.get(0).get("payload");
        assertEquals("Android title", message.at("/notification/title").asText());
        assertEquals("Android text", message.at("/notification/body").asText());
        assertEquals("high", message.at("/android/priority").asText());
        assertEquals("A-1001", message.at("/data/orderId").asText());
        assertEquals("Hello from Tidings", message.at("/data/message").asText());
        assertTrue(message.at("/data/ios-badge").isMissingNode(), "notification headers are not custom data");

        JsonNode apnsReceived = received(apns, iosToken);
        assertEquals(1, apnsReceived.size(), apnsReceived.toString());
        JsonNode payload = apnsReceived.get(0).get("payload");
        assertEquals("iOS title", payload.at("/aps/alert/title").asText());
        assertEquals("iOS body", payload.at("/aps/alert/body").asText());
        assertTrue(payload.at("/aps/badge").isInt(), "badge must be a JSON number: " + payload);
        assertEquals(7, payload.at("/aps/badge").asInt());
        assertEquals("chime.caf", payload.at("/aps/sound").asText());
        assertEquals("A-1001", payload.get("orderId").asText());
        JsonNode headers = apnsReceived.get(0).get("headers");
        assertEquals("dev.tidings.demo", headers.get("apns-topic").asText());
        assertEquals("alert", headers.get("apns-push-type").asText());
        assertEquals("10", headers.get("apns-priority").asText());
    }

    @Test
    void deadTokensCountAsFailedAndTheDeviceIsDeactivated() throws Exception {
        String iosToken = "b2".repeat(32);
        String androidToken = "e2e-dead-android:APA91b_gone";
        register("e2e-ios-dead", "IOS", iosToken, "e2e-dead");
        register("e2e-android-dead", "ANDROID", androidToken, "e2e-dead");
        fault(apns, "{\"token\":\"" + iosToken + "\",\"error\":\"Unregistered\"}");
        fault(fcm, "{\"token\":\"" + androidToken + "\",\"error\":\"UNREGISTERED\"}");

        TidingsStack.Response published = stack.call("POST", base + "/e2e-dead", "{\"message\":\"anyone there?\"}");
        assertEquals(200, published.status(), published.body());
        JsonNode status = awaitStatus(published.json().get("messageId").asText(), "published");
        assertEquals(2, status.get("recipients").asInt(), status.toString());
        assertEquals(0, status.get("successfulSendsAmount").asInt(), status.toString());
        assertEquals(2, status.get("failedSendsAmount").asInt(), status.toString());

        for (String deviceId : new String[] {"e2e-ios-dead", "e2e-android-dead"}) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean active = true;
            while (active && System.nanoTime() < deadline) {
                active = stack.call("GET", base + "/registrations/" + deviceId, null).json().get(0).get("active").asBoolean();
                Thread.sleep(200);
            }
            assertFalse(active, deviceId + " should be deactivated after the provider said its token is dead");
        }
    }

    @Test
    void badInputGetsBackendlessErrorsAndSendsNothing() throws Exception {
        long fcmBefore = received(fcm, null).size();
        long apnsBefore = received(apns, null).size();

        TidingsStack.Response malformed = stack.call("POST", base + "/e2e-news", "{\"message\": ");
        assertEquals(400, malformed.status());
        assertEquals(5900, malformed.json().get("code").asInt());
        assertFalse(malformed.body().contains("Exception"), malformed.body());

        TidingsStack.Response missing = stack.call("POST", base + "/e2e-news", "{\"headers\":{}}");
        assertEquals(400, missing.status());
        assertEquals(5901, missing.json().get("code").asInt());

        String wrongKey = base.replaceAll("/[^/]+/messaging$", "/WRONG-KEY/messaging");
        TidingsStack.Response unauthorized = stack.call("POST", wrongKey + "/e2e-news", "{\"message\":\"x\"}");
        assertEquals(401, unauthorized.status());
        assertEquals(5903, unauthorized.json().get("code").asInt());

        TidingsStack.Response unknownApp = stack.call("POST", stack.gateway() + "/NO-SUCH-APP/KEY/messaging/e2e-news", "{\"message\":\"x\"}");
        assertEquals(401, unknownApp.status());
        assertEquals(unauthorized.body(), unknownApp.body(), "an unknown app looks like a wrong key");

        Thread.sleep(2_000);
        assertEquals(fcmBefore, received(fcm, null).size());
        assertEquals(apnsBefore, received(apns, null).size());
    }

    @Test
    void aDelayedMessageArrivesAtItsTimeNotBefore() throws Exception {
        String token = "e2e-later:APA91b_later";
        register("e2e-later-1", "ANDROID", token, "e2e-later");
        long at = System.currentTimeMillis() + 3_000;
        TidingsStack.Response published = stack.call("POST", base + "/e2e-later",
                "{\"message\":\"three seconds later\",\"publishAt\":" + at + "}");
        assertEquals(200, published.status(), published.body());
        assertEquals("scheduled", published.json().get("status").asText());
        String messageId = published.json().get("messageId").asText();
        JsonNode waiting = stack.call("GET", base + "/" + messageId, null).json();
        assertEquals("scheduled", waiting.get("status").asText(), waiting.toString());
        assertEquals(at, waiting.get("nextDueAt").asLong(), waiting.toString());
        assertEquals(0, received(fcm, token).size(), "nothing before its time");

        JsonNode status = awaitStatus(messageId, "published");
        assertEquals(1, status.get("occurrences").asInt(), status.toString());
        assertEquals(1, status.get("successfulSendsAmount").asInt(), status.toString());
        assertTrue(status.get("nextDueAt").isNull(), status.toString());
        JsonNode got = received(fcm, token);
        assertEquals(1, got.size(), got.toString());
        assertEquals("three seconds later", got.get(0).at("/payload/data/message").asText());
    }

    @Test
    void aRepeatingMessageRepeatsUntilCancelledAndNothingFiresAfterTheCancel() throws Exception {
        String token = "c3".repeat(32);
        register("e2e-repeat-1", "IOS", token, "e2e-repeat");
        TidingsStack.Response published = stack.call("POST", base + "/e2e-repeat",
                "{\"message\":\"again\",\"repeatEvery\":1}");
        assertEquals(200, published.status(), published.body());
        assertEquals("scheduled", published.json().get("status").asText());
        String messageId = published.json().get("messageId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received(apns, token).size() < 2) {
            assertTrue(System.nanoTime() < deadline, "the repeats did not arrive");
            Thread.sleep(200);
        }
        TidingsStack.Response cancelled = stack.call("DELETE", base + "/" + messageId, null);
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().get("status").asText());
        int fired = cancelled.json().get("occurrences").asInt();
        assertTrue(fired >= 2, cancelled.body());

        // several periods later: exactly the occurrences that fired before the cancel answered
        Thread.sleep(4_000);
        assertEquals(fired, received(apns, token).size());
        JsonNode status = stack.call("GET", base + "/" + messageId, null).json();
        assertEquals("cancelled", status.get("status").asText(), status.toString());
        assertEquals(fired, status.get("occurrences").asInt(), status.toString());
        TidingsStack.Response again = stack.call("DELETE", base + "/" + messageId, null);
        assertEquals(409, again.status(), again.body());
        assertEquals(5040, again.json().get("code").asInt());
    }

    @Test
    void anAppWithItsOwnCredentialsIsDeliveredWithThem() throws Exception {
        String admin = stack.gateway() + "/admin/apps";
        String[] auth = {"Authorization", "Bearer " + stack.adminToken};
        JsonNode shop = stack.call("POST", admin, "{\"name\":\"shop\"}", auth).json();
        String shopId = shop.get("appId").asText();
        String shopApi = stack.gateway() + "/" + shopId + "/" + shop.get("apiKey").asText() + "/messaging";

        // the app's own Firebase project and Apple team, known to the emulators as Google and Apple know them
        ProviderAccounts.ServiceAccount account = ProviderAccounts.issueServiceAccount("shop-e2e", fcm + "/token");
        ProviderAccounts.SigningKey key = ProviderAccounts.issueSigningKey("SHOPTEAME2", "SHOPKEYE2E", "com.shop.e2e");
        assertEquals(201, stack.call("POST", fcm + "/emulator/accounts", account.emulatorAccount()).status());
        assertEquals(201, stack.call("POST", apns + "/emulator/accounts", key.emulatorAccount()).status());
        TidingsStack.Response up = stack.call("PUT", admin + "/" + shopId + "/credentials/fcm", account.json(), auth);
        assertEquals(200, up.status(), up.body());
        up = stack.call("PUT", admin + "/" + shopId + "/credentials/apns", dev.tidings.contracts.Json.MAPPER.createObjectNode()
                .put("teamId", key.teamId()).put("keyId", key.keyId()).put("bundleId", key.bundleId())
                .put("production", false).put("signingKey", key.p8()).toString(), auth);
        assertEquals(200, up.status(), up.body());

        String androidToken = "shop-android:APA91bShop";
        String iosToken = "5e".repeat(32);
        for (String[] d : new String[][] {{"shop-android", "ANDROID", androidToken}, {"shop-ios", "IOS", iosToken}}) {
            TidingsStack.Response r = stack.call("POST", shopApi + "/registrations", "{\"deviceId\":\"" + d[0] + "\",\"os\":\""
                    + d[1] + "\",\"osVersion\":\"1\",\"deviceToken\":\"" + d[2] + "\",\"channels\":[\"deals\"]}");
            assertEquals(200, r.status(), r.body());
        }
        String messageId = stack.call("POST", shopApi + "/deals", "{\"message\":\"50% off\"}").json().get("messageId").asText();
        JsonNode status = stack.awaitStatus(shopApi, messageId, "published");
        assertEquals(2, status.path("successfulSendsAmount").asInt(), status.toString());

        assertEquals("shop-e2e", received(fcm, androidToken).get(0).at("/headers/project").asText(),
                "sent with the app's own service account, for its own project");
        assertEquals("com.shop.e2e", received(apns, iosToken).get(0).at("/headers/apns-topic").asText(),
                "sent with the app's own key, for its own bundle id");
        // the devstack's default credential still serves the apps without their own
        register("e2e-android-default", "ANDROID", "e2e-default:APA91bDefault", "e2e-defaults");
        String other = stack.call("POST", base + "/e2e-defaults", "{\"message\":\"hi\"}").json().get("messageId").asText();
        awaitStatus(other, "published");
        assertEquals(Credentials.FCM_PROJECT_ID, received(fcm, "e2e-default:APA91bDefault").get(0).at("/headers/project").asText());
    }

    @Test
    void aTemplateWithSmartTextIsPersonalisedForEachRecipientFromCreationToDelivery() throws Exception {
        String admin = stack.gateway() + "/admin/apps/" + appId;
        TidingsStack.Response created = stack.call("POST", admin + "/templates", """
                {"name": "Order shipped",
                 "content": {"message": "{Users.firstName|Hello}, order {order} is on its way to {Devices.city|you}",
                             "title": "Shipped", "headers": {"orderId": "{order}"}},
                 "audience": {"channel": "e2e-shop"},
                 "ios": {"alertSubtitle": "{carrier}", "badge": 1, "sound": "ship.caf", "threadId": "orders",
                         "category": {"id": "ORDER", "actions": [{"id": "track", "title": "Track", "options": ["foreground"]}]}},
                 "android": {"color": "#FF8800", "badgeNumber": 1, "icon": "ic_ship", "channelId": "orders",
                             "priority": "high", "actionOnTap": "OPEN_ORDER"},
                 "delivery": {"ttlSeconds": 3600, "collapseKey": "order-status", "priority": "high"}}""",
                "Authorization", "Bearer " + stack.adminToken);
        assertEquals(201, created.status(), created.body());
        TidingsStack.Response user = stack.call("PUT", admin + "/users/user-ada", "{\"firstName\":\"Ada\"}",
                "Authorization", "Bearer " + stack.adminToken);
        assertEquals(201, user.status(), user.body());
        String androidToken = "e2e-template-android:APA91b_ada";
        String iosToken = "e7".repeat(32);
        String anonToken = "e2e-template-android:APA91b_anon";
        registerAs("tpl-android-ada", "ANDROID", androidToken, "e2e-shop", "user-ada", "{}");
        registerAs("tpl-ios-ada", "IOS", iosToken, "e2e-shop", "user-ada", "{\"city\":\"Oslo\"}");
        registerAs("tpl-android-anon", "ANDROID", anonToken, "e2e-shop", null, "{}");

        TidingsStack.Response listed = stack.call("GET", base + "/pushtemplates/ios", null);
        assertEquals(200, listed.status(), listed.body());
        assertEquals("ORDER", listed.json().at("/Order shipped/ios/category/id").asText(), listed.body());

        TidingsStack.Response sent = stack.call("POST", base + "/push/Order%20shipped",
                "{\"templateValues\":{\"order\":\"A-17\",\"carrier\":\"Posten\"}}");
        assertEquals(200, sent.status(), sent.body());
        assertEquals("published", sent.json().get("status").asText());
        JsonNode status = awaitStatus(sent.json().get("messageId").asText(), "published");
        assertEquals(3, status.get("recipients").asInt(), status.toString());
        assertEquals(3, status.get("successfulSendsAmount").asInt(), status.toString());

        JsonNode ada = received(fcm, androidToken).get(0).get("payload");
        assertEquals("Ada, order A-17 is on its way to you", ada.at("/notification/body").asText());
        assertEquals("Shipped", ada.at("/notification/title").asText());
        assertEquals("A-17", ada.at("/data/orderId").asText());
        assertEquals("Order shipped", ada.at("/data/template_name").asText());
        assertEquals("3600s", ada.at("/android/ttl").asText());
        assertEquals("order-status", ada.at("/android/collapse_key").asText());
        assertEquals("#FF8800", ada.at("/android/notification/color").asText());
        assertEquals(1, ada.at("/android/notification/notification_count").asInt());
        assertEquals("PRIORITY_HIGH", ada.at("/android/notification/notification_priority").asText());
        assertEquals("orders", ada.at("/android/notification/channel_id").asText());
        assertEquals("OPEN_ORDER", ada.at("/android/notification/click_action").asText());
        JsonNode anon = received(fcm, anonToken).get(0).get("payload");
        assertEquals("Hello, order A-17 is on its way to you", anon.at("/notification/body").asText());

        JsonNode ios = received(apns, iosToken).get(0);
        assertEquals("Ada, order A-17 is on its way to Oslo", ios.at("/payload/aps/alert/body").asText());
        assertEquals("Posten", ios.at("/payload/aps/alert/subtitle").asText());
        assertEquals("orders", ios.at("/payload/aps/thread-id").asText());
        assertEquals("ORDER", ios.at("/payload/aps/category").asText());
        assertEquals(1, ios.at("/payload/aps/badge").asInt());
        assertEquals("order-status", ios.at("/headers/apns-collapse-id").asText());
        long expiration = Long.parseLong(ios.at("/headers/apns-expiration").asText());
        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        assertTrue(Math.abs(expiration - inAnHour) < 120, "apns-expiration " + expiration + " should be about " + inAnHour);

        // a template send can wait like any publish; unknown templates and bad values are refused
        TidingsStack.Response later = stack.call("POST", base + "/push/Order%20shipped",
                "{\"templateValues\":{\"order\":\"A-18\"},\"publishAt\":" + (System.currentTimeMillis() + 2000) + "}");
        assertEquals("scheduled", later.json().get("status").asText(), later.body());
        awaitStatus(later.json().get("messageId").asText(), "published");
        assertEquals(2, received(fcm, androidToken).size());
        TidingsStack.Response unknown = stack.call("POST", base + "/push/nope", "{}");
        assertEquals(404, unknown.status());
        assertEquals(5920, unknown.json().get("code").asInt());
        TidingsStack.Response badValues = stack.call("POST", base + "/push/Order%20shipped", "{\"templateValues\":[1]}");
        assertEquals(400, badValues.status());
        assertEquals(5904, badValues.json().get("code").asInt());
    }

    @Test
    void aBroadcastToMoreThan500AndroidDevicesGoesOutInBatchesOfAtMost500AndReachesEachOnce() throws Exception {
        int n = 1_234;
        String throttled = "e2e-wide:APA91b-7";
        for (int i = 0; i < n; i++) {
            register("e2e-wide-" + i, "ANDROID", "e2e-wide:APA91b-" + i, "e2e-wide");
        }
        // one device is throttled once: it stays pending until its retry goes through
        fault(fcm, "{\"token\":\"" + throttled + "\",\"error\":\"QUOTA_EXCEEDED\",\"retryAfterSeconds\":2,\"times\":1}");
        String messageId = stack.call("POST", base + "/e2e-wide", "{\"message\":\"to everyone\"}").json().get("messageId").asText();

        JsonNode status = awaitStatus(messageId, "published");
        assertEquals(n, status.get("successfulSendsAmount").asInt(), status.toString());
        assertEquals(0, status.get("failedSendsAmount").asInt(), status.toString());
        assertEquals(0, status.get("pending").asInt(), status.toString());
        for (int i = 0; i < n; i++) {
            JsonNode got = received(fcm, "e2e-wide:APA91b-" + i);
            long accepted = java.util.stream.StreamSupport.stream(got.spliterator(), false)
                    .filter(r -> r.get("status").asInt() == 200).count();
            assertEquals(1, accepted, "device " + i + ": " + got);
        }
        assertEquals(2, received(fcm, throttled).size(), "429 first, then accepted");

        List<dev.tidings.contracts.events.DeliveryBatch> batches = new dev.tidings.devstack.launch.KafkaProbe(stack.devstack.kafkaBootstrap())
                .await(dev.tidings.contracts.Topics.DELIVERIES_ANDROID, v -> v.contains(messageId), 4, Duration.ofSeconds(30), Duration.ofSeconds(1))
                .stream().map(v -> dev.tidings.contracts.Json.decode(v, dev.tidings.contracts.events.DeliveryBatch.class)).toList();
        // three batches from template-service, and the throttled device's retry as a batch of attempt 2
        assertEquals(4, batches.size(), batches.toString());
        batches.forEach(b -> assertTrue(b.recipients().size() <= 500, b.recipients().size() + " recipients in a batch"));
        assertEquals(n, batches.stream().filter(b -> b.attempt() == 1).mapToInt(b -> b.recipients().size()).sum());
        assertEquals(List.of("e2e-wide-7"), batches.stream().filter(b -> b.attempt() == 2)
                .flatMap(b -> b.recipients().stream()).map(r -> r.deviceId()).toList());
    }

    private static void registerAs(String deviceId, String os, String token, String channel, String userId, String properties)
            throws Exception {
        TidingsStack.Response r = stack.call("POST", base + "/registrations", "{\"deviceId\":\"" + deviceId
                + "\",\"os\":\"" + os + "\",\"deviceToken\":\"" + token + "\",\"channels\":[\"" + channel + "\"]"
                + ",\"properties\":" + properties + (userId == null ? "" : ",\"userId\":\"" + userId + "\"") + "}");
        assertEquals(200, r.status(), r.body());
    }

    private static void register(String deviceId, String os, String token, String channel) throws Exception {
        TidingsStack.Response r = stack.call("POST", base + "/registrations", "{\"deviceId\":\"" + deviceId
                + "\",\"os\":\"" + os + "\",\"osVersion\":\"1\",\"deviceToken\":\"" + token
                + "\",\"channels\":[\"" + channel + "\"]}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().hasNonNull("registrationId"), r.body());
    }

    private static JsonNode awaitStatus(String messageId, String wanted) throws Exception {
        return stack.awaitStatus(base, messageId, wanted);
    }

    private static JsonNode received(String emulator, String token) throws Exception {
        return stack.received(emulator, token);
    }

    private static void fault(String emulator, String rule) throws Exception {
        stack.fault(emulator, rule);
    }
}
