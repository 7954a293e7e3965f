package dev.tidings.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.devstack.launch.StackFacts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two apps on one deployment. App B calls every endpoint with app A's ids (messages, devices, templates,
 * users, API keys) and A's API key; each answer must be the one B gets for an id that exists nowhere, so
 * nothing tells B what A has. Then A's objects must be as they were, and nothing B sent reached A's
 * devices.
 */
class TenantIsolationTest {
    static TidingsStack stack;
    static String fcm;
    static String[] admin;

    /** What a call is about: an id that is A's, and one of the same shape that nobody has. */
    record Probe(String what, String method, String pathWithId, String body, String crossId, String missingId) {
    }

    @BeforeAll
    static void start() throws Exception {
        stack = new TidingsStack();
        fcm = stack.devstack.facts().get(StackFacts.FCM_URL);
        admin = stack.adminAuth();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anAppCannotReachOrDetectAnotherAppsObjects() throws Exception {
        JsonNode a = stack.createApp("alpha");
        JsonNode b = stack.createApp("beta");
        String aId = a.get("appId").asText();
        String bId = b.get("appId").asText();
        String apiA = stack.messaging(a);
        String apiB = stack.messaging(b);
        String adminA = stack.gateway() + "/admin/apps/" + aId;
        String adminB = stack.gateway() + "/admin/apps/" + bId;

        // A's objects: devices, a template, a user, a second key, a sent message and a scheduled one
        String tokenA = "alpha-android:APA91b_isolated";
        stack.register(apiA, "a-phone", "ANDROID", tokenA, "a-news");
        stack.register(apiA, "a-iphone", "IOS", "a7".repeat(32), "a-news");
        assertEquals(201, stack.call("POST", adminA + "/templates",
                "{\"name\":\"a-template\",\"content\":{\"message\":\"for alpha\"},\"audience\":{\"channel\":\"a-news\"}}", admin).status());
        assertEquals(201, stack.call("PUT", adminA + "/users/a-user", "{\"plan\":\"gold\"}", admin).status());
        String keyA2 = stack.call("POST", adminA + "/keys", "{\"name\":\"second\"}", admin).json().get("keyId").asText();
        String sent = publish(apiA + "/a-news", "{\"message\":\"alpha only\"}").get("messageId").asText();
        stack.awaitStatus(apiA, sent, "published");
        String scheduled = stack.call("POST", apiA + "/a-news",
                "{\"message\":\"later\",\"publishAt\":" + (System.currentTimeMillis() + 600_000) + "}",
                "Idempotency-Key", "shared-key").json().get("messageId").asText();
        int receivedBefore = stack.received(fcm, tokenA).size();

        String aKey = a.get("apiKey").asText();
        String randomKey = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        String withKey = stack.gateway() + "/" + aId + "/{id}";
        List<Probe> probes = List.of(
                new Probe("message status", "GET", apiB + "/{id}", null, sent, missingMessageId(sent)),
                new Probe("per-device outcomes", "GET", apiB + "/{id}/deliveries", null, sent, missingMessageId(sent)),
                new Probe("failed outcomes", "GET", apiB + "/{id}/deliveries?status=failed", null, sent, missingMessageId(sent)),
                new Probe("cancel", "DELETE", apiB + "/{id}", null, scheduled, missingMessageId(scheduled)),
                new Probe("cancel a sent message", "DELETE", apiB + "/{id}", null, sent, missingMessageId(sent)),
                new Probe("device registrations", "GET", apiB + "/registrations/{id}", null, "a-phone", "z-phone"),
                new Probe("unregister", "DELETE", apiB + "/registrations/{id}", null, "a-iphone", "z-iphone"),
                new Probe("push with template", "POST", apiB + "/push/{id}", "{}", "a-template", "z-template"),
                new Probe("admin: template", "GET", adminB + "/templates/{id}", null, "a-template", "z-template"),
                new Probe("admin: delete template", "DELETE", adminB + "/templates/{id}", null, "a-template", "z-template"),
                new Probe("admin: user", "GET", adminB + "/users/{id}", null, "a-user", "z-user"),
                new Probe("admin: delete user", "DELETE", adminB + "/users/{id}", null, "a-user", "z-user"),
                new Probe("admin: revoke key", "DELETE", adminB + "/keys/{id}", null, keyA2, missingLike(keyA2)),
                new Probe("admin: publish rules", "PUT", adminB + "/keys/{id}/publish-rules",
                        "{\"publishRules\":[{\"channel\":\"*\",\"access\":\"DENY\"}]}", keyA2, missingLike(keyA2)),
                new Probe("A's id, B's key: publish", "POST", withKey + "/messaging/a-news", "{\"message\":\"x\"}",
                        b.get("apiKey").asText(), randomKey),
                new Probe("A's id, B's key: status", "GET", withKey + "/messaging/" + sent, null, b.get("apiKey").asText(), randomKey),
                new Probe("A's id, B's key: registrations", "GET", withKey + "/messaging/registrations/a-phone", null,
                        b.get("apiKey").asText(), randomKey),
                new Probe("A's id, B's key: info", "GET", withKey + "/info", null, b.get("apiKey").asText(), randomKey),
                new Probe("B's id, A's key: status", "GET", stack.gateway() + "/" + bId + "/{id}/messaging/" + sent, null,
                        aKey, randomKey));

        List<String> leaks = new ArrayList<>();
        for (Probe p : probes) {
            TidingsStack.Response cross = stack.call(p.method(), p.pathWithId().replace("{id}", encode(p.crossId())), p.body(), admin);
            TidingsStack.Response missing = stack.call(p.method(), p.pathWithId().replace("{id}", encode(p.missingId())), p.body(), admin);
            String crossAnswer = cross.status() + " " + cross.body().replace(p.crossId(), "{id}");
            String missingAnswer = missing.status() + " " + missing.body().replace(p.missingId(), "{id}");
            if (cross.status() < 400 || cross.status() >= 500 || !crossAnswer.equals(missingAnswer)) {
                leaks.add(p.what() + ": another app's id answers " + crossAnswer + " but a missing one " + missingAnswer);
            }
        }
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));

        // what B may do in its own name reaches only B's own devices, which it has none of
        JsonNode singlecast = publish(apiB + "/a-news", "{\"message\":\"x\",\"pushSinglecast\":[\"a-phone\",\"a-iphone\"]}");
        JsonNode segment = publish(apiB + "/a-news", "{\"message\":\"x\",\"segmentQuery\":\"deviceId = 'a-phone'\"}");
        JsonNode broadcast = publish(apiB + "/a-news", "{\"message\":\"x\"}");
        for (JsonNode m : List.of(singlecast, segment, broadcast)) {
            JsonNode status = stack.awaitStatus(apiB, m.get("messageId").asText(), "published");
            assertEquals(0, status.get("recipients").asInt(), status.toString());
        }
        JsonNode sameIdempotencyKey = stack.call("POST", apiB + "/a-news", "{\"message\":\"b\"}", "Idempotency-Key", "shared-key").json();
        assertNotEquals(scheduled, sameIdempotencyKey.get("messageId").asText(), "an Idempotency-Key is per API key");
        JsonNode templates = stack.call("GET", apiB + "/pushtemplates/ANDROID", null).json();
        assertFalse(templates.has("a-template"), templates.toString());
        // B registering A's token makes a device of B's; A's device keeps it
        stack.register(apiB, "b-phone", "ANDROID", tokenA, "b-news");

        // A's objects are as they were
        assertEquals("scheduled", stack.call("GET", apiA + "/" + scheduled, null).json().get("status").asText());
        for (String device : List.of("a-phone", "a-iphone")) {
            TidingsStack.Response r = stack.call("GET", apiA + "/registrations/" + device, null);
            assertEquals(200, r.status(), r.body());
            assertTrue(r.json().get(0).get("active").asBoolean(), r.body());
        }
        assertEquals(tokenA, stack.call("GET", apiA + "/registrations/a-phone", null).json().get(0).get("deviceToken").asText());
        assertEquals(200, stack.call("GET", adminA + "/templates/a-template", null, admin).status());
        assertEquals("gold", stack.call("GET", adminA + "/users/a-user", null, admin).json().at("/properties/plan").asText());
        JsonNode keys = stack.call("GET", adminA, null, admin).json().get("keys");
        for (JsonNode key : keys) {
            assertTrue(key.path("revokedAt").isMissingNode() || key.path("revokedAt").isNull(), keys.toString());
            assertEquals(0, key.path("publishRules").size(), keys.toString());
        }
        assertEquals(receivedBefore, stack.received(fcm, tokenA).size(), "nothing B sent reached A's device");
        // and A still sends to its own devices
        String again = publish(apiA + "/a-news", "{\"message\":\"still alpha\"}").get("messageId").asText();
        assertEquals(2, stack.awaitStatus(apiA, again, "published").get("successfulSendsAmount").asInt());
    }

    static JsonNode publish(String url, String body) throws Exception {
        TidingsStack.Response r = stack.call("POST", url, body);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** An id nobody has, shaped like a message id (a UUID). */
    private static String missingMessageId(String like) {
        String id = UUID.randomUUID().toString();
        return like.length() == id.length() ? id : missingLike(like);
    }

    /** An id nobody has, of the same length and alphabet as {@code like}. */
    private static String missingLike(String like) {
        StringBuilder s = new StringBuilder(like);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                s.setCharAt(i, (char) ('0' + (c - '0' + 3) % 10));
            } else if (Character.isLetter(c)) {
                s.setCharAt(i, Character.isUpperCase(c) ? (char) ('A' + (c - 'A' + 7) % 26) : (char) ('a' + (c - 'a' + 7) % 26));
            }
        }
        return s.toString();
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
