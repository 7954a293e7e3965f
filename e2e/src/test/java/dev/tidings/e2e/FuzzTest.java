package dev.tidings.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.devstack.launch.StackFacts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of malformed and hostile requests ({@link HostileInputs}) against the whole stack, at an app
 * with devices in the channel and a template they would reach: every answer must be a 4xx with a
 * Backendless error body and no stack trace, and afterwards no message, schedule, device, template or
 * user may have been stored, no notification sent, and every service must still be serving.
 */
class FuzzTest {
    /** the seed of the inputs; another may be given with -Dfuzz.seed */
    static final long SEED = Long.getLong("fuzz.seed", 20261204L);

    static TidingsStack stack;

    @BeforeAll
    static void start() throws Exception {
        // high enough that no input is refused for its rate instead of for what it is
        stack = new TidingsStack(TidingsStack.SERVICES, Map.of(
                "TIDINGS_RATE_PUBLISH_PER_SECOND", "100000", "TIDINGS_RATE_PUBLISH_BURST", "100000",
                "TIDINGS_RATE_REGISTRATION_PER_SECOND", "100000", "TIDINGS_RATE_REGISTRATION_BURST", "100000"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void hostileInputIsRefusedWithAClearErrorAndLeavesNothingBehind() throws Exception {
        String[] admin = stack.adminAuth();
        JsonNode app = stack.createApp("fuzz");
        String appId = app.get("appId").asText();
        String api = stack.messaging(app);
        String adminApp = stack.gateway() + "/admin/apps/" + appId;
        String androidToken = "fuzz-android:APA91b_target";
        String iosToken = "f0".repeat(32);
        stack.register(api, "fz-android", "ANDROID", androidToken, "fz");
        stack.register(api, "fz-ios", "IOS", iosToken, "fz");
        assertEquals(201, stack.call("POST", adminApp + "/templates",
                "{\"name\":\"fz-template\",\"content\":{\"message\":\"Hi {name|there}\"},\"audience\":{\"channel\":\"fz\"}}", admin).status());

        List<HostileInputs.Input> inputs = HostileInputs.generate(SEED);
        Map<String, Integer> answers = new TreeMap<>();
        Map<String, Map<String, Integer>> byKind = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (HostileInputs.Input in : inputs) {
            boolean toAdmin = in.path().startsWith("/admin/");
            String url = toAdmin ? adminApp + in.path().substring("/admin".length())
                    : api + in.path().replace("{message}", UUID.randomUUID().toString());
            TidingsStack.Response r;
            try {
                r = toAdmin ? stack.callBytes(in.method(), url, in.body(), admin) : stack.callBytes(in.method(), url, in.body());
            } catch (java.io.IOException e) {
                wrong.add("no answer (" + e + ") to " + in);
                continue;
            }
            String problem = problemWith(r);
            String answer = r.status() + (problem == null ? "/" + r.json().get("code").asInt() : "");
            answers.merge(answer, 1, Integer::sum);
            byKind.computeIfAbsent(in.kind(), k -> new TreeMap<>()).merge(answer, 1, Integer::sum);
            if (problem != null) {
                wrong.add(problem + " for " + in + "\n    answer: " + r.status() + " " + abbreviate(r.body()));
            }
        }
        System.out.printf("FuzzTest: %d hostile inputs (seed %d), answers by status/code: %s%n", inputs.size(), SEED, answers);
        byKind.forEach((kind, kindAnswers) -> System.out.printf("  %-40s %s%n", kind, kindAnswers));
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + inputs.size() + " inputs were not refused cleanly:\n"
                + String.join("\n", wrong.subList(0, Math.min(40, wrong.size()))));

        // nothing was stored, scheduled or sent
        Thread.sleep(2000);
        String ofApp = " where app_id = '" + appId + "'";
        assertEquals(0, stack.count("select count(*) from gateway.message" + ofApp), "messages stored");
        assertEquals(0, stack.count("select count(*) from scheduler.schedule" + ofApp), "schedules stored");
        assertEquals(2, stack.count("select count(*) from template.device" + ofApp), "devices stored");
        assertEquals(1, stack.count("select count(*) from template.push_template" + ofApp), "templates stored");
        assertEquals(0, stack.count("select count(*) from template.app_user" + ofApp), "users stored");
        String fcm = stack.devstack.facts().get(StackFacts.FCM_URL);
        String apns = stack.devstack.facts().get(StackFacts.APNS_CONTROL_URL);
        assertEquals(0, stack.received(fcm, androidToken).size(), "sent to FCM");
        assertEquals(0, stack.received(apns, iosToken).size(), "sent to APNs");

        // every service still serves, and a good publish still goes out
        for (String service : TidingsStack.SERVICES) {
            URI ready = URI.create("http://127.0.0.1:" + stack.ports.get(service) + "/q/health/ready");
            assertEquals(200, stack.http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
                    service + " is not ready after the fuzzing");
        }
        String messageId = stack.call("POST", api + "/fz", "{\"message\":\"still standing\"}").json().get("messageId").asText();
        assertEquals(2, stack.awaitStatus(api, messageId, "published").get("successfulSendsAmount").asInt());
    }

    /** What is wrong with an answer to a hostile input, or null when it is a clean refusal. */
    static String problemWith(TidingsStack.Response r) {
        if (r.status() < 400 || r.status() >= 500) {
            return "status " + r.status();
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            return "a body that is not JSON";
        }
        if (body == null || !body.path("code").isInt() || !body.path("message").isTextual() || body.path("message").asText().isBlank()) {
            return "a body that is not a Backendless error";
        }
        String message = body.get("message").asText();
        if (message.contains("Exception") || message.contains("\tat ") || message.matches("(?s).*\\bat [a-z]+\\.[a-z]+\\..*")) {
            return "a stack trace or exception in the message";
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
