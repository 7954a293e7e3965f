package dev.tidings.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.crypto.Sealer;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.AppSettings;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.contracts.events.DeviceInvalidation;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.devstack.launch.ProviderAccounts;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.dispatcher.apps.AppRegistry;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    @Inject
    AppRegistry registry;

    final String app = "APP-" + UUID.randomUUID();

    @Test
    void androidBatchGoesThroughFirebaseAdminToTheFcmEmulator() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String dead = "fcm:dead-" + messageId;
        fault(StackFacts.FCM_URL, "{\"token\":\"" + dead + "\",\"error\":\"UNREGISTERED\"}");
        AndroidPush push = new AndroidPush(new AndroidPush.Notification("Title", "Body", null),
                new AndroidPush.Android(null, "high", 3600L,
                        new AndroidPush.AndroidNotification("Title", "Body", "Tick", "bell", null, null, null, null, null, null, null)),
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

    @Test
    void anAppsOwnCredentialsSendItsDeliveriesToItsProjectAndTopic() throws Exception {
        String project = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        StackFacts facts = LocalStack.shared().facts();
        ProviderAccounts.ServiceAccount account = ProviderAccounts.issueServiceAccount(project, facts.get(StackFacts.FCM_URL) + "/token");
        ProviderAccounts.SigningKey key = ProviderAccounts.issueSigningKey("SHOPTEAM01", "SHOPKEY001", "com.shop." + project.substring(5));
        post(StackFacts.FCM_URL, "/emulator/accounts", account.emulatorAccount());
        post(StackFacts.APNS_CONTROL_URL, "/emulator/accounts", key.emulatorAccount());
        Sealer sealer = Sealer.of(StackResource.MASTER_KEY, List.of());
        publishSettings(new AppSettings(EventMeta.now(), app, 1,
                new AppSettings.Fcm(project, account.clientEmail(),
                        sealer.seal(account.json(), AppSettings.context(app, AppSettings.FCM)), Instant.now()),
                new AppSettings.Apns("SHOPTEAM01", "SHOPKEY001", key.bundleId(), false,
                        sealer.seal(key.p8(), AppSettings.context(app, AppSettings.APNS)), Instant.now())));

        String messageId = UUID.randomUUID().toString();
        String androidToken = "fcm:own-" + messageId;
        String iosToken = UUID.randomUUID().toString().replace("-", "").repeat(2);
        sendAndroid(messageId, new Recipient("a", androidToken));
        send(Topics.DELIVERIES_IOS, new DeliveryBatch(EventMeta.now(), app, messageId, 1, Os.IOS, 1, null, iosPush(),
                List.of(new Recipient("i", iosToken))));
        List<DeviceOutcome> outcomes = outcomes(messageId, 2);
        assertEquals(List.of(new DeviceOutcome("a", Os.ANDROID, Outcome.DELIVERED, null),
                new DeviceOutcome("i", Os.IOS, Outcome.DELIVERED, null)), outcomes);
        assertEquals(project, received(StackFacts.FCM_URL, androidToken).get(0).at("/headers/project").asText());
        assertEquals(key.bundleId(), received(StackFacts.APNS_CONTROL_URL, iosToken).get(0).at("/headers/apns-topic").asText());
    }

    @Test
    void anAppsOwnP12CertificateSendsWithTlsClientAuthenticationAndAnUnknownOneIsAnOperatorFault() throws Exception {
        String bundleId = "com.cert." + UUID.randomUUID().toString().substring(0, 8);
        ProviderAccounts.Certificate certificate = ProviderAccounts.issueCertificate(bundleId);
        post(StackFacts.APNS_CONTROL_URL, "/emulator/certificates", certificate.emulatorAccount());
        Sealer sealer = Sealer.of(StackResource.MASTER_KEY, List.of());
        String secret = Json.MAPPER.createObjectNode().put("p12", java.util.Base64.getEncoder().encodeToString(certificate.p12()))
                .put("password", certificate.password()).toString();
        publishSettings(new AppSettings(EventMeta.now(), app, 1, null, AppSettings.Apns.certificate(bundleId, false,
                sealer.seal(secret, AppSettings.context(app, AppSettings.APNS)), Instant.now())));
        String messageId = UUID.randomUUID().toString();
        String token = UUID.randomUUID().toString().replace("-", "").repeat(2);
        send(Topics.DELIVERIES_IOS, new DeliveryBatch(EventMeta.now(), app, messageId, 1, Os.IOS, 1, null, iosPush(),
                List.of(new Recipient("i", token))));
        assertEquals(List.of(new DeviceOutcome("i", Os.IOS, Outcome.DELIVERED, null)), outcomes(messageId));
        JsonNode got = received(StackFacts.APNS_CONTROL_URL, token).get(0);
        assertEquals(bundleId, got.at("/headers/apns-topic").asText());

        // a certificate Apple (the emulator) never issued
        String otherApp = "APP-" + UUID.randomUUID();
        ProviderAccounts.Certificate unknown = ProviderAccounts.issueCertificate(bundleId);
        String unknownSecret = Json.MAPPER.createObjectNode().put("p12", java.util.Base64.getEncoder().encodeToString(unknown.p12()))
                .put("password", unknown.password()).toString();
        publishSettings(new AppSettings(EventMeta.now(), otherApp, 1, null, AppSettings.Apns.certificate(bundleId, false,
                sealer.seal(unknownSecret, AppSettings.context(otherApp, AppSettings.APNS)), Instant.now())));
        String refused = UUID.randomUUID().toString();
        send(Topics.DELIVERIES_IOS, new DeliveryBatch(EventMeta.now(), otherApp, refused, 1, Os.IOS, 1, null, iosPush(),
                List.of(new Recipient("j", token))));
        assertEquals(List.of(new DeviceOutcome("j", Os.IOS, Outcome.FAILED, "BadCertificate")), outcomes(refused));
    }

    @Test
    void aCredentialThatDoesNotLoadFailsOnlyThatAppsDeliveriesWithTheReason() throws Exception {
        Sealer sealer = Sealer.of(StackResource.MASTER_KEY, List.of());
        // sealed for another app: it must not open here
        publishSettings(new AppSettings(EventMeta.now(), app, 1, new AppSettings.Fcm("stolen", "x@stolen.iam.gserviceaccount.com",
                sealer.seal("{}", AppSettings.context("OTHER-APP", AppSettings.FCM)), Instant.now()), null));
        String messageId = UUID.randomUUID().toString();
        sendAndroid(messageId, new Recipient("a", "fcm:never-" + messageId));
        DeviceOutcome outcome = outcomes(messageId, 1).get(0);
        assertEquals(Outcome.FAILED, outcome.outcome());
        assertTrue(outcome.reason().startsWith("the FCM credential of app " + app + " does not load"), outcome.reason());
        assertEquals(0, received(StackFacts.FCM_URL, "fcm:never-" + messageId).size());

        // the service stays up and ready, and says which app's credential is broken
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains(app), health.body());

        // another app, on the default credential, is not affected
        String other = UUID.randomUUID().toString();
        send(Topics.DELIVERIES_ANDROID, new DeliveryBatch(EventMeta.now(), "APP-" + other, other, 1, Os.ANDROID, 1, androidPush(),
                null, List.of(new Recipient("b", "fcm:fine-" + other))));
        assertEquals(Outcome.DELIVERED, outcomes(other, 1).get(0).outcome());
    }

    @Test
    void aThrottledTokenWaitsInTheRetryPathWhileTheRestOfItsPartitionFlows() throws Exception {
        String throttledMessage = UUID.randomUUID().toString();
        String throttled = "fcm:throttled-" + throttledMessage;
        fault(StackFacts.FCM_URL, "{\"token\":\"" + throttled + "\",\"error\":\"QUOTA_EXCEEDED\",\"retryAfterSeconds\":3,\"times\":1}");
        String nextMessage = UUID.randomUUID().toString();
        // one key: one partition, the throttled batch first
        String key = "partition-" + throttledMessage;
        new KafkaProbe(bootstrap).sendAll(Topics.DELIVERIES_ANDROID, List.of(
                Map.entry(key, Json.encode(new DeliveryBatch(EventMeta.now(), app, throttledMessage, 1, Os.ANDROID, 1, androidPush(), null,
                        List.of(new Recipient("slow", throttled), new Recipient("quick", "fcm:quick-" + throttledMessage))))),
                Map.entry(key, Json.encode(new DeliveryBatch(EventMeta.now(), app, nextMessage, 1, Os.ANDROID, 1, androidPush(), null,
                        List.of(new Recipient("next", "fcm:next-" + nextMessage)))))));

        var reports = new KafkaProbe(bootstrap).awaitRecords(Topics.DELIVERY_RESULTS,
                r -> r.value().contains(throttledMessage) || r.value().contains(nextMessage), 3, WAIT, Duration.ofSeconds(1));
        assertEquals(3, reports.size(), "the quick device, the next batch, the throttled device once it got through");
        DeliveryReport last = Json.decode(reports.get(2).value(), DeliveryReport.class);
        assertEquals(List.of(new DeviceOutcome("slow", Os.ANDROID, Outcome.DELIVERED, null)), last.outcomes());
        long nextAt = reports.stream().filter(r -> r.value().contains(nextMessage)).findFirst().orElseThrow().timestamp();
        assertTrue(nextAt < reports.get(2).timestamp(), "the next batch did not wait for the throttled token");

        JsonNode tries = received(StackFacts.FCM_URL, throttled);
        assertEquals(2, tries.size(), "refused once, then accepted: " + tries);
        assertEquals(429, tries.get(0).get("status").asInt());
        assertEquals(200, tries.get(1).get("status").asInt());
        Duration waited = Duration.between(Instant.parse(tries.get(0).get("receivedAt").asText()),
                Instant.parse(tries.get(1).get("receivedAt").asText()));
        assertTrue(waited.compareTo(Duration.ofMillis(2900)) >= 0, "Retry-After: 3 not honoured, retried after " + waited);
    }

    @Test
    void aTokenTheProviderNeverAnswersIsRetriedAndDeliveredOnce() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String silent = "fcm:silent-" + messageId;
        fault(StackFacts.FCM_URL, "{\"token\":\"" + silent + "\",\"delayMs\":60000,\"times\":1}");
        sendAndroid(messageId, new Recipient("silent", silent), new Recipient("fine", "fcm:fine-" + messageId));
        assertEquals(List.of(new DeviceOutcome("fine", Os.ANDROID, Outcome.DELIVERED, null),
                new DeviceOutcome("silent", Os.ANDROID, Outcome.DELIVERED, null)), outcomes(messageId, 2));
        // the first request timed out on the dispatcher's side and was abandoned; the retry got through
        JsonNode got = received(StackFacts.FCM_URL, silent);
        assertEquals(1, got.size(), got.toString());
        assertEquals(200, got.get(0).get("status").asInt());
    }

    @Test
    void retriesStopWhenTheAttemptBudgetIsSpentCountingFirebaseAdminsOwnRetries() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String down = "fcm:down-" + messageId;
        fault(StackFacts.FCM_URL, "{\"token\":\"" + down + "\",\"error\":\"UNAVAILABLE\"}");
        sendAndroid(messageId, new Recipient("down", down));
        DeviceOutcome outcome = outcomes(messageId).get(0);
        assertEquals(Outcome.FAILED, outcome.outcome());
        int requests = received(StackFacts.FCM_URL, down).size();
        // the test budget is 3 attempts; firebase-admin retries a 503 by itself, and those count
        assertTrue(requests >= 3, requests + " requests");
        assertEquals("UNAVAILABLE (gave up after " + requests + " attempts)", outcome.reason());
        assertNoInvalidation(down);
    }

    @Test
    void aWrongFcmCredentialFailsTheAppsDeliveriesRaisesTheAlarmAndPrunesNoToken() throws Exception {
        String project = "wrong-" + UUID.randomUUID().toString().substring(0, 8);
        // a well-formed service account that Google (the emulator) never issued
        ProviderAccounts.ServiceAccount account = ProviderAccounts.issueServiceAccount(project,
                LocalStack.shared().facts().get(StackFacts.FCM_URL) + "/token");
        Sealer sealer = Sealer.of(StackResource.MASTER_KEY, List.of());
        publishSettings(new AppSettings(EventMeta.now(), app, 1, new AppSettings.Fcm(project, account.clientEmail(),
                sealer.seal(account.json(), AppSettings.context(app, AppSettings.FCM)), Instant.now()), null));
        String messageId = UUID.randomUUID().toString();
        sendAndroid(messageId, new Recipient("a", "fcm:a-" + messageId), new Recipient("b", "fcm:b-" + messageId));
        List<DeviceOutcome> outcomes = outcomes(messageId);
        assertEquals(2, outcomes.size());
        outcomes.forEach(o -> {
            assertEquals(Outcome.FAILED, o.outcome());
            assertTrue(o.reason().startsWith("Google refused the FCM service account"), o.reason());
        });
        assertNoInvalidation(messageId);
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("tidings_dispatch_operator_faults_total")
                && l.contains("app=\"" + app + "\"") && l.endsWith(" 2.0")), metrics.body());
    }

    @Test
    void fcmThirdPartyAuthErrorIsAnOperatorFault() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String token = "fcm:apns-auth-" + messageId;
        fault(StackFacts.FCM_URL, "{\"token\":\"" + token + "\",\"error\":\"THIRD_PARTY_AUTH_ERROR\"}");
        sendAndroid(messageId, new Recipient("x", token));
        DeviceOutcome outcome = outcomes(messageId).get(0);
        assertEquals(Outcome.FAILED, outcome.outcome());
        // on a 401 google-http-client refreshes the access token and asks again, within firebase-admin's 4 retries;
        // then the answer is final: nothing goes to the retry path
        int asked = received(StackFacts.FCM_URL, token).size();
        assertTrue(asked <= 5, asked + " requests");
        Thread.sleep(1500);
        assertEquals(asked, received(StackFacts.FCM_URL, token).size(), "retried");
        assertTrue(Set.of("THIRD_PARTY_AUTH_ERROR", "UNAUTHENTICATED").contains(outcome.reason()), outcome.reason());
        assertNoInvalidation(token);
    }

    @Test
    void aRedeliveredBatchSendsNoDeviceTwice() throws Exception {
        String messageId = UUID.randomUUID().toString();
        DeliveryBatch batch = new DeliveryBatch(EventMeta.now(), app, messageId, 1, Os.IOS, 1, null, iosPush(),
                List.of(new Recipient("one", UUID.randomUUID().toString().replace("-", "").repeat(2)),
                        new Recipient("two", UUID.randomUUID().toString().replace("-", "").repeat(2))));
        send(Topics.DELIVERIES_IOS, batch);
        outcomes(messageId);
        // the same batch again, as after a crash before its offset was committed
        send(Topics.DELIVERIES_IOS, batch);
        List<DeviceOutcome> reported = outcomes(messageId, 2);
        assertEquals(4, reported.size(), "both deliveries of the batch report, the second from the ledger");
        for (Recipient r : batch.recipients()) {
            assertEquals(1, received(StackFacts.APNS_CONTROL_URL, r.token()).size(), r.deviceId() + " sent twice");
        }
    }

    @Inject
    io.agroal.api.AgroalDataSource db;

    @Inject
    dev.tidings.dispatcher.delivery.Ledger ledger;

    @Test
    void theLedgerForgetsOutcomesOlderThanItsRetentionAndKeepsTheRest() throws Exception {
        try (var c = db.getConnection(); var s = c.prepareStatement("""
                insert into dispatcher.delivery (app_id, occurrence_id, device_id, os, outcome, updated_at)
                select ?, 'm:1', 'd' || n, 'IOS', 'DELIVERED', now() - (case when n % 2 = 0 then interval '9 days'
                    else interval '1 day' end) from generate_series(1, 30000) n""")) {
            s.setString(1, app);
            s.executeUpdate();
        }
        int pruned = 0;
        for (int slice = ledger.prune(); slice > 0; slice = ledger.prune()) {
            pruned += slice;
        }
        assertTrue(pruned >= 15_000, pruned + " pruned");
        try (var c = db.getConnection(); var s = c.prepareStatement("select count(*) from dispatcher.delivery where app_id = ?")) {
            s.setString(1, app);
            try (var r = s.executeQuery()) {
                r.next();
                assertEquals(15_000, r.getInt(1), "the younger half stays");
            }
        }
    }

    private void publishSettings(AppSettings settings) throws InterruptedException {
        new KafkaProbe(bootstrap).send(Topics.APPS, settings.appId(), Json.encode(settings));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (registry.get(settings.appId()) == null || !registry.get(settings.appId()).equals(settings)) {
            assertTrue(System.nanoTime() < deadline, "the dispatcher never read the app's settings");
            Thread.sleep(50);
        }
    }

    private static AndroidPush androidPush() {
        return new AndroidPush(new AndroidPush.Notification("T", "B", null), new AndroidPush.Android(null, "high", null, null), Map.of());
    }

    private static IosPush iosPush() {
        return new IosPush(Map.of("aps", Map.of("alert", "B")), "alert", 10, null, null);
    }

    private static void post(String emulatorKey, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.shared().facts().get(emulatorKey) + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    private void sendAndroid(String messageId, Recipient... recipients) {
        send(Topics.DELIVERIES_ANDROID, new DeliveryBatch(EventMeta.now(), app, messageId, 1, Os.ANDROID, 1, androidPush(), null,
                List.of(recipients)));
    }

    /** No token was pruned: nothing about it on the invalidations topic within a second. */
    private void assertNoInvalidation(String about) {
        assertEquals(0, new KafkaProbe(bootstrap).await(Topics.DEVICE_INVALIDATIONS, v -> v.contains(about), 1,
                Duration.ofSeconds(1)).size(), "a token was pruned");
    }

    private void send(String topic, DeliveryBatch batch) {
        new KafkaProbe(bootstrap).send(topic, batch.messageId(), Json.encode(batch));
    }

    private List<DeviceOutcome> outcomes(String messageId) {
        return outcomes(messageId, 1);
    }

    /** The outcomes of the message's {@code batches} batches, one report each, sorted by device. */
    private List<DeviceOutcome> outcomes(String messageId, int batches) {
        List<String> reports = new KafkaProbe(bootstrap).await(Topics.DELIVERY_RESULTS, v -> v.contains(messageId), batches, WAIT);
        assertEquals(batches, reports.size(), "one outcome report per batch");
        return reports.stream().flatMap(r -> Json.decode(r, DeliveryReport.class).outcomes().stream())
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
