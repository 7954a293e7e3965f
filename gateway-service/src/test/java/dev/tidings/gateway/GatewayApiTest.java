package dev.tidings.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.ChannelMessage;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.ScheduledMessage;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gateway-service against a real Kafka broker and a real PostgreSQL database. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, initArgs = @ResourceArg(name = "service", value = "gateway"))
class GatewayApiTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String appId;
    String base;
    KafkaProbe kafka;

    @BeforeEach
    void newApp() {
        TestApp app = TestApp.create("gateway test");
        appId = app.appId();
        base = app.base();
        kafka = new KafkaProbe(bootstrap);
    }

    @Test
    void publishesAndRefusalsAreCountedOnTheMetricsEndpoint() {
        given().contentType("application/json").body("{\"message\":\"counted\"}").post(base + "/metrics-news").then().statusCode(200);
        given().contentType("application/json").body("{}").post(base + "/metrics-news").then().statusCode(400);
        given().urlEncodingEnabled(false).get(base + "/a;b").then().statusCode(400);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.matches("(?s).*tidings_publishes_accepted_total\\{[^}]*kind=\"now\"[^}]*source=\"http\"[^}]*} [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*tidings_api_refusals_total\\{code=\"5901\",[^}]*status=\"400\"[^}]*} [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*tidings_api_refusals_total\\{code=\"5914\",[^}]*status=\"400\"[^}]*} [1-9].*"), metrics);
        assertTrue(metrics.contains("http_server_requests_seconds_count"), "HTTP metrics");
        assertTrue(metrics.contains("kafka_producer_"), "Kafka client metrics");
    }

    @Test
    void theAdminApiNeedsTheAdminToken() {
        given().body("{\"name\":\"x\"}").post("/admin/apps").then().statusCode(401).body("code", equalTo(5908));
        given().header("Authorization", "Bearer wrong").body("{\"name\":\"x\"}").post("/admin/apps")
                .then().statusCode(401).body("code", equalTo(5908));
        given().header("Authorization", "Bearer " + StackResource.ADMIN_TOKEN).body("{}").post("/admin/apps")
                .then().statusCode(400);
    }

    @Test
    void aPublishIsOnKafkaBeforeItIsAnswered() {
        String messageId = given().body("""
                        {"message": {"text": "Hi", "n": 2}, "publisherId": "shop",
                         "headers": {"ios-badge": "3", "orderId": 17, "flag": true},
                         "pushBroadcast": "FOR_IOS|FOR_ANDROID", "pushSinglecast": ["d1", "d2"]}""")
                .post(base + "/orders")
                .then().statusCode(200)
                .body("status", equalTo("published"))
                .body("errorMessage", equalTo(null))
                .extract().path("messageId");
        List<String> found = kafka.await(Topics.OCCURRENCES, v -> v.contains(messageId), 1, WAIT);
        assertEquals(1, found.size());
        Occurrence o = Json.decode(found.get(0), Occurrence.class);
        assertEquals(appId, o.appId());
        assertEquals("orders", o.channel());
        assertEquals(1, o.occurrence());
        assertEquals(2, o.message().get("n").asInt());
        assertEquals("shop", o.publisherId());
        assertEquals("17", o.headers().get("orderId"));
        assertEquals("true", o.headers().get("flag"));
        assertEquals(3, o.pushBroadcast());
        assertEquals(List.of("d1", "d2"), o.pushSinglecast());
        given().get(base + "/" + messageId).then().statusCode(200)
                .body("status", equalTo("scheduled")).body("pending", equalTo(0));
    }

    @Test
    void statusFollowsTheDeliveryReportsAndCountsEachDeviceOnce() {
        String messageId = given().body("{\"message\":\"hello\"}").post(base + "/news")
                .then().statusCode(200).extract().path("messageId");
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(
                DeliveryReport.audience(appId, messageId, 1, new DeliveryReport.Audience(3, 2, 1))));
        DeliveryReport first = DeliveryReport.outcomes(appId, messageId, 1, List.of(
                new DeliveryReport.DeviceOutcome("a1", Os.ANDROID, DeliveryReport.Outcome.DELIVERED, null),
                new DeliveryReport.DeviceOutcome("i1", Os.IOS, DeliveryReport.Outcome.TOKEN_INVALID, "Unregistered")));
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(first));
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(first));
        JsonPath partial = awaitStatus(messageId, s -> s.getInt("successfulSendsAmount") + s.getInt("failedSendsAmount") == 2);
        assertEquals("scheduled", partial.getString("status"));
        assertEquals(3, partial.getInt("recipients"));
        assertEquals(1, partial.getInt("pending"));

        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(DeliveryReport.outcomes(appId, messageId, 1, List.of(
                new DeliveryReport.DeviceOutcome("a2", Os.ANDROID, DeliveryReport.Outcome.DELIVERED, null)))));
        JsonPath done = awaitStatus(messageId, s -> "published".equals(s.getString("status")));
        assertEquals(2, done.getInt("successfulSendsAmount"));
        assertEquals(1, done.getInt("failedSendsAmount"));
        assertEquals(0, done.getInt("pending"));
    }

    @Test
    void aMessageWithNobodyToSendToIsPublishedWithZeroRecipients() {
        String messageId = given().body("{\"message\":\"into the void\"}").post(base + "/empty")
                .then().statusCode(200).extract().path("messageId");
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(
                DeliveryReport.audience(appId, messageId, 1, new DeliveryReport.Audience(0, 0, 0))));
        JsonPath done = awaitStatus(messageId, s -> "published".equals(s.getString("status")));
        assertEquals(0, done.getInt("recipients"));
    }

    @Test
    void aRejectedOccurrenceFailsTheMessage() {
        String messageId = given().body("{\"message\":\"x\"}").post(base + "/news")
                .then().statusCode(200).extract().path("messageId");
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(
                DeliveryReport.rejected(appId, messageId, 1, "ios-badge must be a whole number")));
        JsonPath failed = awaitStatus(messageId, s -> "failed".equals(s.getString("status")));
        assertEquals("ios-badge must be a whole number", failed.getString("errorMessage"));
    }

    @Test
    void pubsubGoesToChannelSubscribersOnly() {
        String messageId = given().body("{\"message\":\"internal\",\"publishPolicy\":\"pubsub\",\"publisherId\":\"svc\"}")
                .post(base + "/ops").then().statusCode(200).extract().path("messageId");
        List<String> found = kafka.await(Topics.CHANNEL_MESSAGES, v -> v.contains(messageId), 1, WAIT);
        ChannelMessage m = Json.decode(found.get(0), ChannelMessage.class);
        assertEquals("ops", m.channel());
        assertEquals("svc", m.publisherId());
        assertEquals(0, kafka.await(Topics.OCCURRENCES, v -> v.contains(messageId), 1, Duration.ofSeconds(3)).size());
        given().get(base + "/" + messageId).then().statusCode(200).body("status", equalTo("published"));
    }

    @Test
    void badInputGets4xxBackendlessErrorsAndNothingReachesKafka() {
        String[][] cases = {
                // body, expected status, expected code
                {"{\"message\": ", "400", "5900"},
                {"", "400", "5900"},
                {"[1,2]", "400", "5900"},
                {"{\"headers\":{}}", "400", "5901"},
                {"{\"message\":null}", "400", "5901"},
                {"{\"message\":\"x\",\"headers\":{\"ios-badge\":\"lots\"}}", "400", "5904"},
                {"{\"message\":\"x\",\"headers\":{\"nested\":{\"a\":1}}}", "400", "5904"},
                {"{\"message\":\"x\",\"headers\":[\"a\"]}", "400", "5904"},
                {"{\"message\":\"x\",\"pushBroadcast\":\"PALM\"}", "400", "5904"},
                {"{\"message\":\"x\",\"pushBroadcast\":99}", "400", "5904"},
                {"{\"message\":\"x\",\"publishPolicy\":\"LOUD\"}", "400", "5904"},
                {"{\"message\":\"x\",\"pushSinglecast\":[]}", "400", "5904"},
                {"{\"message\":\"x\",\"pushSinglecast\":[1]}", "400", "5904"},
                {"{\"message\":\"x\",\"publishAt\":1}", "400", "5030"},
                {"{\"message\":\"x\",\"publishAt\":\"noon\"}", "400", "5030"},
                {"{\"message\":\"x\",\"repeatEvery\":0}", "400", "5916"},
                {"{\"message\":\"x\",\"repeatExpiresAt\":4102444800000}", "400", "5003"},
                {"{\"message\":\"x\",\"segmentQuery\":\"color = 'red'\"}", "400", "5912"},
                {"{\"message\":\"x\",\"segmentQuery\":\"os = 'IOS' OR 1=1\"}", "400", "5912"},
                {"{\"message\":\"x\",\"segmentQuery\":5}", "400", "5904"},
                {"{\"message\":\"x\",\"headers\":{\"from\":\"me\"}}", "400", "5911"},
                {"{\"message\":\"x\",\"headers\":{\"google.c.a.e\":\"1\"}}", "400", "5911"},
                {"{\"message\":\"x\",\"headers\":{\"aps\":\"1\"}}", "400", "5911"},
                {"{\"message\":\"" + "\u00e9".repeat(2100) + "\"}", "400", "5910"},
        };
        for (String[] c : cases) {
            given().contentType("application/json").body(c[0]).post(base + "/guarded")
                    .then().statusCode(Integer.parseInt(c[1]))
                    .body("code", equalTo(Integer.parseInt(c[2])))
                    .body("message", not(containsString("Exception")));
        }
        given().body("{\"message\":\"x\"}").post(base + "/bad%20channel!").then().statusCode(400).body("code", equalTo(5905));
        for (String apiPath : List.of("push", "Channels", "pushtemplates")) {
            given().body("{\"message\":\"x\"}").post(base + "/" + apiPath).then().statusCode(400).body("code", equalTo(5905));
        }
        given().body("{\"message\":\"x\"}").post("/" + appId + "/WRONG/messaging/guarded")
                .then().statusCode(401).body("code", equalTo(5903));
        given().body("{\"message\":\"x\"}").post("/NO-SUCH-APP/WRONG/messaging/guarded")
                .then().statusCode(401).body("code", equalTo(5903));
        assertTrue(kafka.await(Topics.OCCURRENCES, v -> v.contains(appId), 1, Duration.ofSeconds(3)).isEmpty(),
                "a refused publish must not reach Kafka");
        assertTrue(kafka.await(Topics.SCHEDULES, v -> v.contains(appId), 1, Duration.ofSeconds(1)).isEmpty(),
                "a refused schedule must not reach Kafka");
    }

    @Test
    void aDelayedPublishIsScheduledAndItsStatusFollowsTheSchedulersReports() {
        long at = System.currentTimeMillis() + 3_600_000;
        String messageId = given().contentType("application/json")
                .body("{\"message\":\"later\",\"publishAt\":" + at + ",\"repeatEvery\":60,\"repeatExpiresAt\":" + (at + 600_000) + "}")
                .post(base + "/news").then().statusCode(200)
                .body("status", equalTo("scheduled")).extract().path("messageId");
        ScheduledMessage scheduled = Json.decode(kafka.await(Topics.SCHEDULES, v -> v.contains(messageId), 1, WAIT).get(0),
                ScheduledMessage.class);
        assertEquals(at, scheduled.firstDueAt().toEpochMilli());
        assertEquals(60L, scheduled.repeatEvery());
        assertEquals(at + 600_000, scheduled.repeatExpiresAt().toEpochMilli());
        assertTrue(scheduled.push() && !scheduled.pubsub());
        given().get(base + "/" + messageId).then().statusCode(200)
                .body("status", equalTo("scheduled")).body("publishAt", equalTo(at)).body("nextDueAt", equalTo(at))
                .body("repeatEvery", equalTo(60)).body("occurrences", equalTo(0));
        // the scheduler fired the first occurrence; a stale report arriving later changes nothing
        schedulerSays(messageId, DeliveryReport.ScheduleState.WAITING, 1, at + 60_000, 2, null);
        schedulerSays(messageId, DeliveryReport.ScheduleState.WAITING, 0, at, 1, null);
        awaitStatus(messageId, "nextDueAt", at + 60_000);
        given().get(base + "/" + messageId).then().body("status", equalTo("scheduled")).body("occurrences", equalTo(1));
        // the series ended, and its occurrences have no audience yet: still scheduled, until template-service reports
        schedulerSays(messageId, DeliveryReport.ScheduleState.FINISHED, 1, null, 3, null);
        awaitStatus(messageId, "nextDueAt", null);
        given().get(base + "/" + messageId).then().body("status", equalTo("scheduled"));
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(DeliveryReport.audience(appId, messageId, 1,
                new DeliveryReport.Audience(0, 0, 0))));
        awaitStatus(messageId, "status", "published");
    }

    @Test
    void aScheduleTheSchedulerFoundTooLateFailsTheMessage() {
        long at = System.currentTimeMillis() + 60_000;
        String messageId = given().contentType("application/json").body("{\"message\":\"later\",\"publishAt\":" + at + "}")
                .post(base + "/news").then().statusCode(200).extract().path("messageId");
        schedulerSays(messageId, DeliveryReport.ScheduleState.EXPIRED, 0, null, 1, "not sent: it was due long ago");
        awaitStatus(messageId, "status", "failed");
        given().get(base + "/" + messageId).then().body("errorMessage", equalTo("not sent: it was due long ago"));
        given().delete(base + "/" + messageId).then().statusCode(409).body("code", equalTo(5040));
    }

    @Test
    void cancellingWhatCannotBeCancelledIs5040() {
        given().delete(base + "/no-such-message").then().statusCode(404).body("code", equalTo(5040));
        String immediate = given().contentType("application/json").body("{\"message\":\"now\"}")
                .post(base + "/news").then().statusCode(200).extract().path("messageId");
        given().delete(base + "/" + immediate).then().statusCode(409).body("code", equalTo(5040))
                .body("message", containsString("published at once"));
    }

    void schedulerSays(String messageId, DeliveryReport.ScheduleState state, int fired, Long nextDue, long version, String reason) {
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(DeliveryReport.schedule(appId, messageId,
                new DeliveryReport.Schedule(state, fired, nextDue == null ? null : java.time.Instant.ofEpochMilli(nextDue), version),
                reason)));
    }

    void awaitStatus(String messageId, String field, Object expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Object actual;
        do {
            actual = given().get(base + "/" + messageId).then().statusCode(200).extract().path(field);
            if (java.util.Objects.equals(expected, actual instanceof Number n && expected instanceof Long ? (Object) n.longValue() : actual)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(field + " of " + messageId + " is " + actual + ", not " + expected);
    }

    @Test
    void hostileBodiesAndPathsGetBackendlessErrors() {
        String[][] bodies = {
                {"{\"message\":\"x\"} trailing", "5900"},
                {"{\"message\":\"a\\u0000b\"}", "5900"},
                {"{\"message\":\"\\ud800\"}", "5900"},
                {"{\"message\":\"x\",\"headers\":{\"k\\u0000\":\"v\"}}", "5900"},
                {"{\"message\":\"x\",\"pushSinglecast\":[\"a\\u0000b\"]}", "5900"},
                {"{\"message\":\"x\",\"publishPolicy\":\"PUSH\",\"pushPolicy\":\"ALSO\"}", "5904"},
                {"{\"message\":\"x\",\"pushBroadcast\":\"00000000000000000016\"}", "5904"},
        };
        for (String[] c : bodies) {
            var answer = given().contentType("application/json").body(c[0]).post(base + "/hostile").then().extract();
            assertEquals(400, answer.statusCode(), c[0] + " -> " + answer.asString());
            assertEquals(Integer.parseInt(c[1]), answer.jsonPath().getInt("code"), c[0] + " -> " + answer.asString());
        }
        byte[] invalidUtf8 = {'{', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        given().contentType("application/json").body(invalidUtf8).post(base + "/hostile")
                .then().statusCode(400).body("code", equalTo(5900));
        given().urlEncodingEnabled(false).get(base + "/a%00b").then().statusCode(400).body("code", equalTo(5914));
        given().urlEncodingEnabled(false).delete(base + "/registrations/victim;x").then().statusCode(400).body("code", equalTo(5914));
        given().urlEncodingEnabled(false).get(base + "/" + "m".repeat(5000)).then().statusCode(414).body("code", equalTo(5914));
        // headers: at most 100, and 16 KB in all
        var many = given();
        for (int i = 0; i < 101; i++) {
            many = many.header("x-h" + i, "v");
        }
        many.get(base + "/registrations/anyone").then().statusCode(431).body("code", equalTo(5925));
        given().header("user-token", "t".repeat(20_000)).get(base + "/registrations/anyone").then().statusCode(431)
                .body("code", equalTo(5925));
        given().contentType("application/json").body("{\"message\":\"" + "x".repeat(1_100_000) + "\"}").post(base + "/hostile")
                .then().statusCode(413).body("code", equalTo(5915));
        given().put(base + "/hostile").then().statusCode(405).body("code", equalTo(5913));
        assertTrue(kafka.await(Topics.OCCURRENCES, v -> v.contains(appId), 1, Duration.ofSeconds(3)).isEmpty(),
                "a refused publish must not reach Kafka");
    }


    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheSameMessageAndSendsNothingAgain() throws Exception {
        String key = "order-" + java.util.UUID.randomUUID();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try {
            List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(pool.submit(() -> ids.add(given().header("Idempotency-Key", key).body("{\"message\":\"once\"}")
                        .post(base + "/orders").then().statusCode(200).extract().<String>path("messageId"))));
            }
            for (var c : calls) {
                c.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, ids.size(), "every retry answers the first messageId: " + ids);
        String messageId = ids.iterator().next();
        String again = given().header("Idempotency-Key", key).body("{\"message\":\"once\"}").post(base + "/orders")
                .then().statusCode(200).extract().path("messageId");
        assertEquals(messageId, again);
        assertEquals(1, kafka.await(Topics.OCCURRENCES, v -> v.contains(messageId), 2, Duration.ofSeconds(5)).size(),
                "the message is sent once");
        String other = given().header("Idempotency-Key", key + "-2").body("{\"message\":\"once\"}").post(base + "/orders")
                .then().statusCode(200).extract().path("messageId");
        assertTrue(!other.equals(messageId));
        // per API key: another key of the app (one shipped in a client, say) cannot take or read the backend's
        String secondKey = given().header("Authorization", "Bearer " + StackResource.ADMIN_TOKEN).contentType("application/json")
                .body("{\"name\":\"client\"}").post("/admin/apps/" + appId + "/keys").then().statusCode(200).extract().path("apiKey");
        String fromSecondKey = given().header("Idempotency-Key", key).body("{\"message\":\"squat\"}")
                .post("/" + appId + "/" + secondKey + "/messaging/orders").then().statusCode(200).extract().path("messageId");
        assertTrue(!fromSecondKey.equals(messageId), "the same Idempotency-Key from another API key is another publish");
        given().header("Idempotency-Key", "x".repeat(256)).body("{\"message\":\"m\"}").post(base + "/orders")
                .then().statusCode(400).body("code", equalTo(5904));
    }

    @Test
    void theOpenApiDocumentIsServed() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", containsString("Tidings"));
    }

    @Test
    void perDeviceOutcomesAreListedWithTheirReasons() {
        String messageId = given().body("{\"message\":\"hello\"}").post(base + "/news")
                .then().statusCode(200).extract().path("messageId");
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(DeliveryReport.outcomes(appId, messageId, 1, List.of(
                new DeliveryReport.DeviceOutcome("a1", Os.ANDROID, DeliveryReport.Outcome.DELIVERED, null),
                new DeliveryReport.DeviceOutcome("i1", Os.IOS, DeliveryReport.Outcome.FAILED, "TooManyRequests")))));
        awaitStatus(messageId, s -> s.getInt("failedSendsAmount") == 1);
        // the outcomes came before the audience report: the occurrence counts them, its audience still unknown
        given().get(base + "/" + messageId).then().statusCode(200)
                .body("perOccurrence.size()", equalTo(1))
                .body("perOccurrence[0].occurrence", equalTo(1))
                .body("perOccurrence[0].successfulSendsAmount", equalTo(1))
                .body("perOccurrence[0].failedSendsAmount", equalTo(1))
                .body("perOccurrence[0].recipients", equalTo(null))
                .body("perOccurrence[0].pending", equalTo(null));
        kafka.send(Topics.DELIVERY_RESULTS, messageId, Json.encode(DeliveryReport.audience(appId, messageId, 1,
                new DeliveryReport.Audience(3, 2, 1))));
        awaitStatus(messageId, s -> s.getInt("recipients") == 3);
        given().get(base + "/" + messageId).then().statusCode(200)
                .body("pending", equalTo(1))
                .body("perOccurrence[0].recipients", equalTo(3))
                .body("perOccurrence[0].successfulSendsAmount", equalTo(1))
                .body("perOccurrence[0].pending", equalTo(1));
        given().get(base + "/" + messageId + "/deliveries").then().statusCode(200)
                .body("deliveries.size()", equalTo(2))
                .body("deliveries[0].deviceId", equalTo("a1"))
                .body("deliveries[0].outcome", equalTo("DELIVERED"))
                .body("deliveries[1].reason", equalTo("TooManyRequests"));
        given().get(base + "/" + messageId + "/deliveries?outcome=FAILED").then().statusCode(200)
                .body("deliveries.size()", equalTo(1)).body("deliveries[0].deviceId", equalTo("i1"));
        given().get(base + "/" + messageId + "/deliveries?status=failed").then().statusCode(200)
                .body("deliveries.size()", equalTo(1)).body("deliveries[0].deviceId", equalTo("i1"));
        given().get(base + "/" + messageId + "/deliveries?status=delivered").then().statusCode(200)
                .body("deliveries.size()", equalTo(1)).body("deliveries[0].deviceId", equalTo("a1"));
        given().get(base + "/" + messageId + "/deliveries?status=lost").then().statusCode(400).body("code", equalTo(5904));
        given().get(base + "/" + messageId + "/deliveries?status=failed&outcome=FAILED").then().statusCode(400);
        given().get(base + "/" + messageId + "/deliveries?limit=0").then().statusCode(400).body("code", equalTo(5904));
        given().get(base + "/" + messageId + "/deliveries?offset=abc").then().statusCode(400).body("code", equalTo(5904));
        given().get(base + "/" + messageId + "/deliveries?limit=99999999999").then().statusCode(400).body("code", equalTo(5904));
        given().get(base + "/nope/deliveries").then().statusCode(404).body("code", equalTo(5040));
    }

    @Test
    void statusOfAnotherAppsMessageIsLikeAMissingOne() {
        String messageId = given().body("{\"message\":\"mine\"}").post(base + "/news")
                .then().statusCode(200).extract().path("messageId");
        String otherBase = base;
        newApp();
        given().get(base + "/" + messageId).then().statusCode(404).body("code", equalTo(5040));
        given().get(base + "/no-such-message").then().statusCode(404).body("code", equalTo(5040));
        given().get(otherBase + "/" + messageId).then().statusCode(200);
    }

    @Test
    void unknownRoutesAnswerInBackendlessFormat() {
        given().get("/nothing/here").then().statusCode(404).body("code", equalTo(5909));
    }

    private JsonPath awaitStatus(String messageId, java.util.function.Predicate<JsonPath> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().get(base + "/" + messageId).then().statusCode(200).extract().jsonPath();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("status never reached the expected state: " + (last == null ? null : last.prettify()));
    }
}
