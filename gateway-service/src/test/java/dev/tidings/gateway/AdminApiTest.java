package dev.tidings.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.crypto.Sealer;
import dev.tidings.contracts.events.AppSettings;
import dev.tidings.devstack.launch.ProviderAccounts;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API: API keys, their publish permissions (5007) and revocation, against real Kafka and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, initArgs = @ResourceArg(name = "service", value = "gateway"))
class AdminApiTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String appId;
    String firstKey;

    @BeforeEach
    void newApp() {
        TestApp app = TestApp.create("admin test");
        appId = app.appId();
        firstKey = app.apiKey();
    }

    @Test
    void aKeyPublishesOnlyWhereItsRulesAllowAndARefusalSendsNothing() {
        JsonPath key = admin().body("""
                        {"name": "newsroom", "publishRules": [
                          {"channel": "news-*", "access": "ALLOW"}, {"channel": "news-secret", "access": "DENY"}]}""")
                .post("/admin/apps/" + appId + "/keys").then().statusCode(200)
                .body("name", equalTo("newsroom"))
                .body("publishRules", hasSize(2))
                .extract().jsonPath();
        String keyId = key.getString("keyId");
        String api = "/" + appId + "/" + key.getString("apiKey") + "/messaging/";

        publish(api + "news-sport", "allowed").statusCode(200).body("status", equalTo("published"));
        String refused = "refused-" + System.nanoTime();
        publish(api + "weather", refused).statusCode(403).body("code", equalTo(5007))
                .body("message", equalTo("this API key has no permission to publish to channel weather"));
        publish(api + "news-secret", refused).statusCode(403).body("code", equalTo(5007));
        assertTrue(new KafkaProbe(bootstrap).await(Topics.OCCURRENCES, v -> v.contains(refused), 1, Duration.ofSeconds(3)).isEmpty(),
                "a refused publish must not reach Kafka");
        // the app's first key has no rules: every channel
        publish("/" + appId + "/" + firstKey + "/messaging/weather", "first key").statusCode(200);
        // reading status is not publishing: the restricted key still reads
        given().get(api + "no-such-message").then().statusCode(404).body("code", equalTo(5040));

        admin().body("{\"publishRules\": [{\"channel\": \"*\", \"access\": \"DENY\"}]}")
                .put("/admin/apps/" + appId + "/keys/" + keyId + "/publish-rules").then().statusCode(200)
                .body("publishRules[0].access", equalTo("DENY"));
        publish(api + "news-sport", "now denied").statusCode(403).body("code", equalTo(5007));
        admin().body("{\"publishRules\": []}")
                .put("/admin/apps/" + appId + "/keys/" + keyId + "/publish-rules").then().statusCode(200);
        publish(api + "weather", "open again").statusCode(200);
    }

    @Test
    void keysRotateWithoutDowntimeAndARevokedKeyIsRefusedAtOnce() {
        JsonPath second = admin().body("{\"name\":\"rotated\"}").post("/admin/apps/" + appId + "/keys")
                .then().statusCode(200).extract().jsonPath();
        String firstKeyId = admin().get("/admin/apps/" + appId).then().statusCode(200)
                .body("keys", hasSize(2))
                .body("keys[0].name", equalTo("default"))
                .body("keys[0].revokedAt", nullValue())
                .extract().path("keys[0].keyId");
        // both keys work while producers move over
        publish("/" + appId + "/" + firstKey + "/messaging/news", "old key").statusCode(200);
        publish("/" + appId + "/" + second.getString("apiKey") + "/messaging/news", "new key").statusCode(200);

        admin().delete("/admin/apps/" + appId + "/keys/" + firstKeyId).then().statusCode(200)
                .body("revokedAt", not(nullValue()));
        publish("/" + appId + "/" + firstKey + "/messaging/news", "revoked").statusCode(401).body("code", equalTo(5903));
        given().get("/" + appId + "/" + firstKey + "/info").then().statusCode(401).body("code", equalTo(5903));
        publish("/" + appId + "/" + second.getString("apiKey") + "/messaging/news", "still").statusCode(200);
        // revoking again changes nothing
        admin().delete("/admin/apps/" + appId + "/keys/" + firstKeyId).then().statusCode(200);
    }

    @Test
    void theAdminApiNeverShowsAKeyAgain() {
        String description = admin().get("/admin/apps/" + appId).then().statusCode(200)
                .body("name", equalTo("admin test")).extract().asString();
        assertFalse(description.contains(firstKey), description);
        assertFalse(description.contains("apiKey"), description);
        assertFalse(description.contains("Hash"), description);
    }

    @Test
    void badAdminCallsGetBackendlessErrors() {
        String[][] rules = {
                {"{\"publishRules\": {}}", "5904"},
                {"{\"publishRules\": [{\"channel\": \"news\"}]}", "5904"},
                {"{\"publishRules\": [{\"channel\": \"a b\", \"access\": \"ALLOW\"}]}", "5904"},
                {"{\"publishRules\": [{\"channel\": \"a\", \"access\": \"SOMETIMES\"}]}", "5904"},
                {"{\"name\": \"\"}", "5904"},
                {"{\"name\": \"x\", \"colour\": \"red\"}", "5904"},
                {"[]", "5900"},
                {"{\"name\": ", "5900"}};
        for (String[] c : rules) {
            admin().body(c[0]).post("/admin/apps/" + appId + "/keys").then().statusCode(400)
                    .body("code", equalTo(Integer.parseInt(c[1])));
        }
        assertEquals(1, admin().get("/admin/apps/" + appId).then().extract().jsonPath().getList("keys").size(),
                "a refused key must not be created");
        admin().get("/admin/apps/NO-SUCH-APP").then().statusCode(404).body("code", equalTo(5902));
        admin().post("/admin/apps/NO-SUCH-APP/keys").then().statusCode(404).body("code", equalTo(5902));
        admin().delete("/admin/apps/" + appId + "/keys/no-such-key").then().statusCode(404).body("code", equalTo(5917));
        admin().body("{}").put("/admin/apps/" + appId + "/keys/no-such-key/publish-rules").then().statusCode(400)
                .body("code", equalTo(5904));
        String keyId = admin().get("/admin/apps/" + appId).then().extract().path("keys[0].keyId");
        admin().body("{\"publishRules\": null}").put("/admin/apps/" + appId + "/keys/" + keyId + "/publish-rules").then()
                .statusCode(400).body("code", equalTo(5904));
        given().get("/admin/apps/" + appId).then().statusCode(401).body("code", equalTo(5908));
        given().header("Authorization", "Bearer wrong").delete("/admin/apps/" + appId + "/keys/x")
                .then().statusCode(401).body("code", equalTo(5908));
    }

    @Test
    void providerCredentialsAreStoredAndDistributedSealedAndNeverShownAgain() throws Exception {
        ProviderAccounts.ServiceAccount account = ProviderAccounts.issueServiceAccount("shop-prod", "https://oauth2.googleapis.com/token");
        ProviderAccounts.SigningKey key = ProviderAccounts.issueSigningKey("ABCDE12345", "KEY1234567", "com.shop.app");
        String fcmAnswer = admin().body(account.json()).put("/admin/apps/" + appId + "/credentials/fcm").then().statusCode(200)
                .body("projectId", equalTo("shop-prod"))
                .body("clientEmail", equalTo(account.clientEmail()))
                .body("uploadedAt", not(nullValue()))
                .extract().asString();
        String apnsAnswer = admin().body(Json.MAPPER.createObjectNode().put("teamId", "ABCDE12345").put("keyId", "KEY1234567")
                        .put("bundleId", "com.shop.app").put("production", true).put("signingKey", key.p8()).toString())
                .put("/admin/apps/" + appId + "/credentials/apns").then().statusCode(200)
                .body("teamId", equalTo("ABCDE12345"))
                .body("production", equalTo(true))
                .extract().asString();
        String described = admin().get("/admin/apps/" + appId).then().statusCode(200)
                .body("credentials.fcm.projectId", equalTo("shop-prod"))
                .body("credentials.apns.bundleId", equalTo("com.shop.app"))
                .extract().asString();
        for (String answer : List.of(fcmAnswer, apnsAnswer, described)) {
            assertFalse(answer.contains("PRIVATE KEY"), answer);
            assertFalse(answer.contains("sealed"), answer);
        }

        // on the apps topic: the latest record of the app has both, sealed, and they open only for this app
        List<String> records = new KafkaProbe(bootstrap).await(Topics.APPS,
                v -> v.contains(appId) && v.contains("\"apns\""), 1, Duration.ofSeconds(15));
        assertEquals(1, records.size());
        String record = records.get(0);
        assertFalse(record.contains("PRIVATE KEY"), record);
        assertFalse(record.contains(keyBody(key.p8())), "the key must not travel in clear");
        AppSettings settings = Json.decode(record, AppSettings.class);
        Sealer sealer = Sealer.of(StackResource.MASTER_KEY, List.of());
        assertEquals(Json.MAPPER.readTree(account.json()),
                Json.MAPPER.readTree(sealer.openText(settings.fcm().sealedServiceAccount(), AppSettings.context(appId, AppSettings.FCM))));
        assertEquals(key.p8(), sealer.openText(settings.apns().sealedSigningKey(), AppSettings.context(appId, AppSettings.APNS)));
        assertThrows(IllegalArgumentException.class,
                () -> sealer.open(settings.apns().sealedSigningKey(), AppSettings.context("OTHER", AppSettings.APNS)));

        admin().delete("/admin/apps/" + appId + "/credentials/fcm").then().statusCode(200).body("result", equalTo(true));
        admin().get("/admin/apps/" + appId).then().body("credentials.fcm", nullValue())
                .body("credentials.apns.keyId", equalTo("KEY1234567"));
        AppSettings latest = Json.decode(new KafkaProbe(bootstrap).await(Topics.APPS, v -> v.contains(appId), 3, Duration.ofSeconds(15))
                .get(2), AppSettings.class);
        assertNull(latest.fcm(), "the removal reaches the dispatchers");
        assertEquals("KEY1234567", latest.apns().keyId());
        admin().delete("/admin/apps/" + appId + "/credentials/fcm").then().statusCode(404).body("code", equalTo(5909));
    }

    @Test
    void aP12CertificateIsDistributedSealedAndShownOnlyAsItsSubjectAndExpiry() throws Exception {
        ProviderAccounts.Certificate certificate = ProviderAccounts.issueCertificate("com.shop.app");
        String p12 = java.util.Base64.getEncoder().encodeToString(certificate.p12());
        String answer = admin().body(Json.MAPPER.createObjectNode().put("bundleId", "com.shop.app").put("production", false)
                        .put("certificate", p12).put("password", certificate.password()).toString())
                .put("/admin/apps/" + appId + "/credentials/apns").then().statusCode(200)
                .body("auth", equalTo("certificate"))
                .body("bundleId", equalTo("com.shop.app"))
                .body("certificateSubject", containsString("Apple Push Services: com.shop.app"))
                .body("certificateExpiresAt", not(nullValue()))
                .extract().asString();
        String described = admin().get("/admin/apps/" + appId).then().statusCode(200)
                .body("credentials.apns.auth", equalTo("certificate")).extract().asString();
        for (String shown : List.of(answer, described)) {
            assertFalse(shown.contains(p12.substring(0, 40)), shown);
            assertFalse(shown.contains(certificate.password()), shown);
        }
        String record = new KafkaProbe(bootstrap).await(Topics.APPS, v -> v.contains(appId) && v.contains("sealedCertificate"), 1,
                Duration.ofSeconds(15)).get(0);
        assertFalse(record.contains(certificate.password()), "the password must not travel in clear");
        AppSettings.Apns apns = Json.decode(record, AppSettings.class).apns();
        assertNull(apns.teamId());
        assertNull(apns.sealedSigningKey());
        JsonNode opened = Json.MAPPER.readTree(Sealer.of(StackResource.MASTER_KEY, List.of())
                .openText(apns.sealedCertificate(), AppSettings.context(appId, AppSettings.APNS)));
        assertEquals(p12, opened.get("p12").asText());
        assertEquals(certificate.password(), opened.get("password").asText());

        admin().body(Json.MAPPER.createObjectNode().put("bundleId", "com.shop.app").put("production", false)
                        .put("certificate", p12).put("password", "wrong").toString())
                .put("/admin/apps/" + appId + "/credentials/apns").then().statusCode(400).body("code", equalTo(5918))
                .body("message", containsString("password"));
    }

    @Test
    void concurrentUploadsLeaveTheNewestCompleteStateLastOnTheAppsTopic() throws Exception {
        String fcm = ProviderAccounts.issueServiceAccount("shop-prod", "https://oauth2.googleapis.com/token").json();
        String apns = Json.MAPPER.createObjectNode().put("teamId", "ABCDE12345").put("keyId", "KEY1234567")
                .put("bundleId", "com.shop.app").put("production", false)
                .put("signingKey", ProviderAccounts.issueSigningKey("ABCDE12345", "KEY1234567", "com.shop.app").p8()).toString();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                boolean even = i % 2 == 0;
                calls.add(pool.submit(() -> admin().body(even ? fcm : apns)
                        .put("/admin/apps/" + appId + "/credentials/" + (even ? "fcm" : "apns")).statusCode()));
            }
            for (var c : calls) {
                assertEquals(200, c.get());
            }
        } finally {
            pool.shutdown();
        }
        List<AppSettings> records = new KafkaProbe(bootstrap).await(Topics.APPS, v -> v.contains(appId), 6, Duration.ofSeconds(15),
                Duration.ofSeconds(1)).stream().map(v -> Json.decode(v, AppSettings.class)).toList();
        AppSettings last = records.get(records.size() - 1);
        assertEquals(records.stream().mapToLong(AppSettings::version).max().getAsLong(), last.version(),
                "the last record of the app is its newest version");
        assertTrue(last.fcm() != null && last.apns() != null, "and it has both credentials: " + last);
    }

    @Test
    void unusableCredentialsAreRefusedWhenUploaded() throws Exception {
        admin().body("{\"type\": \"authorized_user\"}").put("/admin/apps/" + appId + "/credentials/fcm").then()
                .statusCode(400).body("code", equalTo(5918)).body("message", containsString("service_account"));
        admin().body("{\"teamId\": \"ABCDE12345\", \"keyId\": \"KEY1234567\", \"bundleId\": \"com.shop.app\","
                        + " \"production\": true, \"signingKey\": \"not a key\"}")
                .put("/admin/apps/" + appId + "/credentials/apns").then().statusCode(400).body("code", equalTo(5918));
        admin().body("{").put("/admin/apps/" + appId + "/credentials/apns").then().statusCode(400).body("code", equalTo(5900));
        admin().body(ProviderAccounts.issueServiceAccount("shop-prod", "https://oauth2.googleapis.com/token").json())
                .put("/admin/apps/NO-SUCH-APP/credentials/fcm").then().statusCode(404).body("code", equalTo(5902));
        admin().delete("/admin/apps/" + appId + "/credentials/gcm").then().statusCode(404).body("code", equalTo(5909));
        given().body("{}").put("/admin/apps/" + appId + "/credentials/fcm").then().statusCode(401).body("code", equalTo(5908));
        admin().get("/admin/apps/" + appId).then().body("credentials.fcm", nullValue()).body("credentials.apns", nullValue());
    }

    private static String keyBody(String pem) {
        return pem.split("\n")[1];
    }

    @Test
    void aUserTokenGivesItsUsersRolesAndEndsWhenRevokedOrExpired() throws Exception {
        String users = "/admin/apps/" + appId + "/users/";
        JsonPath editor = admin().body("{\"roles\": [\"editor\", \"editor\"]}").post(users + "ada/tokens").then().statusCode(201)
                .body("userId", equalTo("ada"))
                .body("roles", equalTo(List.of("AuthenticatedUser", "editor")))
                .extract().jsonPath();
        long expiresAt = editor.getLong("expiresAt");
        assertTrue(Math.abs(expiresAt - (System.currentTimeMillis() + Duration.ofDays(30).toMillis())) < 60_000, "30 days by default");
        String adaToken = editor.getString("userToken");
        String bobToken = admin().post(users + "bob/tokens").then().statusCode(201).extract().jsonPath().getString("userToken");

        // a key on which vip-* is for editors, and anyone logged in may publish to members-*
        String key = admin().body("""
                        {"name": "roles", "publishRules": [
                          {"channel": "vip-*", "access": "ALLOW", "role": "editor"},
                          {"channel": "members-*", "access": "ALLOW", "role": "AuthenticatedUser"},
                          {"channel": "public", "access": "ALLOW"}]}""")
                .post("/admin/apps/" + appId + "/keys").then().statusCode(200)
                .body("publishRules[0].role", equalTo("editor"))
                .body("publishRules[2].role", nullValue())
                .extract().jsonPath().getString("apiKey");
        String api = "/" + appId + "/" + key + "/messaging/";
        asUser(adaToken).body("{\"message\":\"hi\"}").post(api + "vip-lounge").then().statusCode(200);
        asUser(bobToken).body("{\"message\":\"hi\"}").post(api + "vip-lounge").then().statusCode(403).body("code", equalTo(5007))
                .body("message", equalTo("this API key, for this user, has no permission to publish to channel vip-lounge"));
        asUser(bobToken).body("{\"message\":\"hi\"}").post(api + "members-news").then().statusCode(200);
        publish(api + "vip-lounge", "anonymous").statusCode(403).body("code", equalTo(5007));
        publish(api + "members-news", "anonymous").statusCode(403).body("code", equalTo(5007));
        publish(api + "public", "anonymous").statusCode(200);

        // a token that is no live session of this app: 401/3064, the same whatever the reason
        String otherApp = TestApp.create("other").appId();
        String foreign = admin().post("/admin/apps/" + otherApp + "/users/ada/tokens").then().statusCode(201)
                .extract().jsonPath().getString("userToken");
        String shortLived = admin().body("{\"expiresInSeconds\": 1}").post(users + "cy/tokens").then().statusCode(201)
                .extract().jsonPath().getString("userToken");
        Thread.sleep(1100);
        for (String token : List.of("not-a-token", foreign, shortLived)) {
            asUser(token).body("{\"message\":\"hi\"}").post(api + "public").then().statusCode(401).body("code", equalTo(3064))
                    .body("message", equalTo("the user-token is not a live session of this app (unknown, expired or revoked): log in again"));
            asUser(token).get("/" + appId + "/" + key + "/info").then().statusCode(401).body("code", equalTo(3064));
        }
        asUser(adaToken).get("/" + appId + "/" + key + "/info").then().statusCode(200);
        // a wrong API key is still 5903, whatever the token
        asUser(adaToken).get("/" + appId + "/not-a-key/info").then().statusCode(401).body("code", equalTo(5903));
        // a registration may not claim another user than the token's
        asUser(adaToken).body("{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"tok:APA91b_0000000001\",\"userId\":\"bob\"}")
                .post(api + "registrations").then().statusCode(400).body("code", equalTo(5906));

        // log out everywhere
        admin().post(users + "ada/tokens").then().statusCode(201);
        admin().delete(users + "ada/tokens").then().statusCode(200).body("revoked", equalTo(2));
        asUser(adaToken).body("{\"message\":\"hi\"}").post(api + "vip-lounge").then().statusCode(401).body("code", equalTo(3064));
        asUser(bobToken).body("{\"message\":\"hi\"}").post(api + "members-news").then().statusCode(200);

        // refused: bad roles, times and fields; unknown apps
        for (String body : List.of("{\"roles\": \"editor\"}", "{\"roles\": [\"a b\"]}", "{\"roles\": [7]}",
                "{\"roles\": [\"NotAuthenticatedUser\"]}", "{\"expiresInSeconds\": 0}", "{\"expiresInSeconds\": 31536001}",
                "{\"expiresInSeconds\": 1.5}", "{\"scope\": \"all\"}")) {
            admin().body(body).post(users + "ada/tokens").then().statusCode(400).body("code", equalTo(5904));
        }
        admin().post("/admin/apps/NO-SUCH-APP/users/ada/tokens").then().statusCode(404).body("code", equalTo(5902));
        given().post(users + "ada/tokens").then().statusCode(401).body("code", equalTo(5908));
    }

    private static RequestSpecification asUser(String userToken) {
        return given().header("user-token", userToken).contentType("application/json");
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + StackResource.ADMIN_TOKEN).contentType("application/json");
    }

    private static io.restassured.response.ValidatableResponse publish(String path, String text) {
        return given().contentType("application/json").body("{\"message\":\"" + text + "\"}").post(path).then();
    }
}
