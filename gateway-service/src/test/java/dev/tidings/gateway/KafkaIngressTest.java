package dev.tidings.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.ScheduledMessage;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publishing from Kafka: {@code tidings.publish-requests.v1} in, the same path as HTTP out, refusals to its .dlq. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, initArgs = @ResourceArg(name = "service", value = "gateway"))
class KafkaIngressTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    String appId;
    String base;
    KafkaProbe kafka;

    @BeforeEach
    void newApp() {
        TestApp app = TestApp.create("ingress test");
        appId = app.appId();
        base = app.base();
        kafka = new KafkaProbe(bootstrap);
    }

    @Test
    void aRecordIsPublishedOnceUnderItsOwnMessageIdAndItsStatusIsReadableOverHttp() {
        String messageId = "orders-" + UUID.randomUUID();
        String record = """
                {"appId": "%s", "channel": "orders", "messageId": "%s", "message": "Shipped",
                 "headers": {"ios-badge": "2", "orderId": 7}, "pushBroadcast": "FOR_ANDROID", "publisherId": "billing"}"""
                .formatted(appId, messageId);
        // the same record twice, as a producer's retry or a redelivery would
        kafka.sendAll(Topics.PUBLISH_REQUESTS, List.of(Map.entry(messageId, record), Map.entry(messageId, record)));

        List<String> found = kafka.await(Topics.OCCURRENCES, v -> v.contains(messageId), 2, Duration.ofSeconds(15));
        assertEquals(1, found.size(), "one occurrence for one messageId: " + found);
        Occurrence o = Json.decode(found.get(0), Occurrence.class);
        assertEquals(appId, o.appId());
        assertEquals("orders", o.channel());
        assertEquals("Shipped", o.message().asText());
        assertEquals("billing", o.publisherId());
        assertEquals(Map.of("ios-badge", "2", "orderId", "7"), o.headers());
        assertEquals(2, o.pushBroadcast());
        given().get(base + "/" + messageId).then().statusCode(200)
                .body("messageId", equalTo(messageId))
                .body("channel", equalTo("orders"))
                .body("status", equalTo("scheduled"));
    }

    @Test
    void aRecordWithoutAMessageIdGetsOneAndADelayedOneIsScheduled() {
        String marker = "later-" + UUID.randomUUID();
        long at = System.currentTimeMillis() + 3_600_000;
        kafka.send(Topics.PUBLISH_REQUESTS, null, """
                {"appId": "%s", "channel": "news", "message": "%s", "publishAt": %d}""".formatted(appId, marker, at));
        ScheduledMessage s = Json.decode(kafka.await(Topics.SCHEDULES, v -> v.contains(marker), 1, WAIT).get(0), ScheduledMessage.class);
        assertEquals(at, s.firstDueAt().toEpochMilli());
        given().get(base + "/" + s.messageId()).then().statusCode(200).body("status", equalTo("scheduled"))
                .body("publishAt", equalTo(at));
    }

    @Test
    void publishAtIsJudgedAgainstWhenTheRecordWasWrittenNotWhenItIsRead() {
        String marker = "waited-" + UUID.randomUUID();
        long written = System.currentTimeMillis() - 60_000;
        // due 30 s after it was written: 30 s ago now, well past the 5 s grace, yet valid when it was written
        kafka.send(Topics.PUBLISH_REQUESTS, null, """
                {"appId": "%s", "channel": "news", "message": "%s", "publishAt": %d}""".formatted(appId, marker, written + 30_000),
                written);
        ScheduledMessage s = Json.decode(kafka.await(Topics.SCHEDULES, v -> v.contains(marker), 1, WAIT).get(0), ScheduledMessage.class);
        assertEquals(written + 30_000, s.firstDueAt().toEpochMilli());
    }

    @Test
    void aMessageRecordedButNeverQueuedIsHandedOffWhenItsRecordComesAgain() {
        String messageId = "crashed-" + UUID.randomUUID();
        // what a gateway that stopped between recording the message and Kafka's acknowledgement leaves behind,
        // found again once the producer's delivery timeout has certainly passed
        recordedButNotQueued(messageId, 600);
        kafka.send(Topics.PUBLISH_REQUESTS, null, """
                {"appId": "%s", "channel": "orders", "messageId": "%s", "message": "again"}""".formatted(appId, messageId));
        List<String> found = kafka.await(Topics.OCCURRENCES, v -> v.contains(messageId), 1, WAIT);
        assertEquals(1, found.size());
        assertEquals("again", Json.decode(found.get(0), Occurrence.class).message().asText());
        boolean queued = pool.preparedQuery("select queued from gateway.message where message_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(messageId)).await().atMost(WAIT).iterator().next().getBoolean(0);
        assertTrue(queued);

        // once queued, the same record again sends nothing more
        kafka.send(Topics.PUBLISH_REQUESTS, null, """
                {"appId": "%s", "channel": "orders", "messageId": "%s", "message": "again"}""".formatted(appId, messageId));
        assertEquals(1, kafka.await(Topics.OCCURRENCES, v -> v.contains(messageId), 2, Duration.ofSeconds(5)).size());
    }

    @Test
    void aRecordWaitsWithBackoffWhileItsMessageIsStillBeingHandedOffElsewhere() {
        String messageId = "in-flight-" + UUID.randomUUID();
        // another gateway recorded it 145 s ago and may still be waiting for Kafka: this one waits (retrying on
        // its own context, where the database session lives) until the hand-off is certainly abandoned
        recordedButNotQueued(messageId, 145);
        long sent = System.nanoTime();
        kafka.send(Topics.PUBLISH_REQUESTS, null, """
                {"appId": "%s", "channel": "orders", "messageId": "%s", "message": "patient"}""".formatted(appId, messageId));
        List<String> found = kafka.await(Topics.OCCURRENCES, v -> v.contains(messageId), 1, WAIT);
        assertEquals(1, found.size(), "handed off once the other hand-off was abandoned");
        assertTrue(System.nanoTime() - sent > Duration.ofSeconds(4).toNanos(), "not before it was abandoned");
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicWithTheirErrorCode() {
        String run = UUID.randomUUID().toString();
        String[][] cases = {
                // value, expected code
                {"{\"appId\": \"" + appId + "\", \"channel\": \"" + run + "\", \"message\": ", "5900"},
                {"[\"" + run + "\"]", "5900"},
                {"{\"channel\": \"news\", \"message\": \"" + run + "\"}", "5904"},
                {"{\"appId\": \"NO-SUCH-APP\", \"channel\": \"news\", \"message\": \"" + run + "\"}", "5902"},
                {"{\"appId\": \"" + appId + "\", \"message\": \"" + run + "\"}", "5905"},
                {"{\"appId\": \"" + appId + "\", \"channel\": \"registrations\", \"message\": \"" + run + "\"}", "5905"},
                {"{\"appId\": \"" + appId + "\", \"channel\": \"news\", \"run\": \"" + run + "\"}", "5901"},
                {"{\"appId\": \"" + appId + "\", \"channel\": \"news\", \"message\": \"" + run + "\", \"publishAt\": 1}", "5030"},
                {"{\"appId\": \"" + appId + "\", \"channel\": \"news\", \"message\": \"" + run + "\", \"headers\": {\"aps\": \"x\"}}", "5911"},
                {"{\"appId\": \"" + appId + "\", \"channel\": \"news\", \"message\": \"" + run + "\", \"messageId\": \"a b\"}", "5904"},
        };
        for (String[] c : cases) {
            kafka.send(Topics.PUBLISH_REQUESTS, "k-" + run, c[0]);
        }
        List<ConsumerRecord<String, String>> dead = kafka.awaitRecords(Topics.PUBLISH_REQUESTS_DLQ,
                r -> r.value().contains(run), cases.length, WAIT, Duration.ZERO);
        assertEquals(cases.length, dead.size());
        for (int i = 0; i < cases.length; i++) {
            ConsumerRecord<String, String> r = dead.get(i);
            assertEquals(cases[i][0], r.value(), "the record as it was sent");
            assertEquals("k-" + run, r.key());
            assertEquals(cases[i][1], header(r, Topics.ERROR_CODE_HEADER), "code of " + cases[i][0]);
            assertTrue(!header(r, Topics.ERROR_MESSAGE_HEADER).isBlank());
        }
        assertTrue(kafka.await(Topics.OCCURRENCES, v -> v.contains(run), 1, Duration.ofSeconds(2)).isEmpty(),
                "a refused request must not be published");
    }

    @Test
    void anotherAppsMessageIdIsRefused() {
        String messageId = "taken-" + UUID.randomUUID();
        kafka.send(Topics.PUBLISH_REQUESTS, null, """
                {"appId": "%s", "channel": "news", "messageId": "%s", "message": "first"}""".formatted(appId, messageId));
        kafka.await(Topics.OCCURRENCES, v -> v.contains(messageId), 1, WAIT);
        String firstBase = base;
        newApp();
        kafka.send(Topics.PUBLISH_REQUESTS, null, """
                {"appId": "%s", "channel": "news", "messageId": "%s", "message": "second"}""".formatted(appId, messageId));
        ConsumerRecord<String, String> dead = kafka.awaitRecords(Topics.PUBLISH_REQUESTS_DLQ,
                r -> r.value().contains(messageId), 1, WAIT, Duration.ZERO).get(0);
        assertEquals("5904", header(dead, Topics.ERROR_CODE_HEADER));
        given().get(base + "/" + messageId).then().statusCode(404);
        given().get(firstBase + "/" + messageId).then().statusCode(200).body("status", equalTo("scheduled"));
    }

    /** A message row as a gateway leaves it when it stops before Kafka acknowledged the message, that long ago. */
    private void recordedButNotQueued(String messageId, int secondsAgo) {
        pool.preparedQuery("insert into gateway.message (message_id, app_id, channel, publish_policy, status, occurrences,"
                        + " created_at, updated_at, queued) values ($1, $2, 'orders', 'PUSH', 'scheduled', 1,"
                        + " now() - $3::int * interval '1 second', now() - $3::int * interval '1 second', false)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(messageId, appId, secondsAgo)).await().atMost(WAIT);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return r.headers().lastHeader(name) == null ? "" : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
