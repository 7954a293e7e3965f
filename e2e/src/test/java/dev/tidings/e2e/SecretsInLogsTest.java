package dev.tidings.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.devstack.launch.ProviderAccounts;
import dev.tidings.devstack.launch.StackFacts;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full flow that handles every kind of secret Tidings holds (API keys, the admin token, a user's session,
 * an FCM service account, an APNs .p8 key and a .p12 certificate with its password, device tokens, the
 * master key), with failures on the way (dead tokens, a throttled device, refused input, wrong keys, an
 * ended session), then a search of every service's log for any of them.
 */
class SecretsInLogsTest {
    static TidingsStack stack;

    @BeforeAll
    static void start() throws Exception {
        // the logs as a cluster's log pipeline gets them: JSON, with the app and message a line concerns
        stack = new TidingsStack(TidingsStack.SERVICES, java.util.Map.of("TIDINGS_LOG_JSON", "true"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void noServiceLogsACredentialAnApiKeyOrADeviceToken() throws Exception {
        String fcm = stack.devstack.facts().get(StackFacts.FCM_URL);
        String apns = stack.devstack.facts().get(StackFacts.APNS_CONTROL_URL);
        String admin = stack.gateway() + "/admin/apps";
        String[] auth = {"Authorization", "Bearer " + stack.adminToken};
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("admin token", stack.adminToken);
        secrets.put("master key", stack.masterKey);

        JsonNode app = stack.call("POST", admin, "{\"name\":\"secrets\"}", auth).json();
        String appId = app.get("appId").asText();
        secrets.put("API key", app.get("apiKey").asText());
        JsonNode second = stack.call("POST", admin + "/" + appId + "/keys", "{\"name\":\"second\"}", auth).json();
        secrets.put("second API key", second.get("apiKey").asText());
        String api = stack.gateway() + "/" + appId + "/" + app.get("apiKey").asText() + "/messaging";
        String session = stack.call("POST", admin + "/" + appId + "/users/secret-user/tokens", "{\"roles\":[\"staff\"]}", auth)
                .json().get("userToken").asText();
        secrets.put("user-token", session);

        ProviderAccounts.ServiceAccount account = ProviderAccounts.issueServiceAccount("secrets-e2e", fcm + "/token");
        ProviderAccounts.SigningKey key = ProviderAccounts.issueSigningKey("SECRETTEAM", "SECRETKEY1", "com.secrets.e2e");
        ProviderAccounts.Certificate certificate = ProviderAccounts.issueCertificate("com.secrets.e2e");
        stack.call("POST", fcm + "/emulator/accounts", account.emulatorAccount());
        stack.call("POST", apns + "/emulator/accounts", key.emulatorAccount());
        stack.call("POST", apns + "/emulator/certificates", certificate.emulatorAccount());
        secrets.put("service account private key", middle(Json.MAPPER.readTree(account.json()).get("private_key").asText()));
        secrets.put(".p8 key", middle(key.p8()));
        secrets.put(".p12 password", certificate.password());
        secrets.put(".p12 file", Base64.getEncoder().encodeToString(certificate.p12()).substring(100, 160));

        assertEquals(200, stack.call("PUT", admin + "/" + appId + "/credentials/fcm", account.json(), auth).status());
        assertEquals(200, stack.call("PUT", admin + "/" + appId + "/credentials/apns", Json.MAPPER.createObjectNode()
                .put("teamId", key.teamId()).put("keyId", key.keyId()).put("bundleId", key.bundleId())
                .put("production", false).put("signingKey", key.p8()).toString(), auth).status());
        // refused uploads, whose bodies hold secrets too
        stack.call("PUT", admin + "/" + appId + "/credentials/apns", Json.MAPPER.createObjectNode()
                .put("bundleId", "com.secrets.e2e").put("production", false)
                .put("certificate", Base64.getEncoder().encodeToString(certificate.p12())).put("password", "wrong-" + certificate.password())
                .toString(), auth);
        stack.call("PUT", admin + "/" + appId + "/credentials/fcm", account.json().replace("service_account", "user"), auth);

        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tokens.add("secret-android-token:APA91b" + i + "Zq8xV");
            tokens.add(String.format("%064x", 0xfeedfaceL * (i + 7)));
        }
        for (int i = 0; i < tokens.size(); i++) {
            secrets.put("device token " + i, tokens.get(i));
            String os = i % 2 == 0 ? "ANDROID" : "IOS";
            TidingsStack.Response r = stack.call("POST", api + "/registrations", "{\"deviceId\":\"secret-device-" + i
                    + "\",\"os\":\"" + os + "\",\"deviceToken\":\"" + tokens.get(i) + "\",\"channels\":[\"secrets\"]}");
            assertEquals(200, r.status(), r.body());
        }
        // a dead token on each side, and a throttled one that is retried
        stack.fault(fcm, "{\"token\":\"" + tokens.get(0) + "\",\"error\":\"UNREGISTERED\"}");
        stack.fault(apns, "{\"token\":\"" + tokens.get(1) + "\",\"error\":\"Unregistered\"}");
        stack.fault(fcm, "{\"token\":\"" + tokens.get(2) + "\",\"error\":\"QUOTA_EXCEEDED\",\"retryAfterSeconds\":1,\"times\":1}");

        String messageId = stack.call("POST", api + "/secrets", "{\"message\":\"hello\"}").json().get("messageId").asText();
        awaitPublished(api, messageId);
        // now with the certificate instead of the key
        assertEquals(200, stack.call("PUT", admin + "/" + appId + "/credentials/apns", Json.MAPPER.createObjectNode()
                .put("bundleId", "com.secrets.e2e").put("production", false)
                .put("certificate", Base64.getEncoder().encodeToString(certificate.p12())).put("password", certificate.password())
                .toString(), auth).status());
        String again = stack.call("POST", api + "/secrets", "{\"message\":\"again\"}").json().get("messageId").asText();
        awaitPublished(api, again);

        // a user's call, and one with a session that is no more
        assertEquals(200, stack.call("POST", api + "/secrets", "{\"message\":\"as a user\"}", "user-token", session).status());
        stack.call("DELETE", admin + "/" + appId + "/users/secret-user/tokens", null, auth);
        assertEquals(401, stack.call("POST", api + "/secrets", "{\"message\":\"x\"}", "user-token", session).status());
        // refused calls: a wrong key, a device token in a bad registration, a singlecast to unknown devices
        stack.call("POST", stack.gateway() + "/" + appId + "/not-" + app.get("apiKey").asText() + "/messaging/secrets", "{\"message\":\"x\"}");
        stack.call("POST", api + "/registrations", "{\"deviceId\":\"x\",\"os\":\"PALM\",\"deviceToken\":\"" + tokens.get(3) + "\"}");
        stack.call("POST", api + "/secrets", "{\"message\":\"x\",\"pushSinglecast\":[\"" + tokens.get(5) + "\"]}");
        stack.call("GET", api + "/registrations/secret-device-3", null);
        Thread.sleep(1000);

        // every log line is one JSON object; the line about the first message's occurrence names its app and message
        List<String> notJson = new ArrayList<>();
        for (String service : TidingsStack.SERVICES) {
            for (String line : stack.log(service).lines().filter(l -> !l.isBlank()).toList()) {
                try {
                    if (!Json.MAPPER.readTree(line).isObject()) {
                        notJson.add(service + ": " + line);
                    }
                } catch (java.io.IOException e) {
                    notJson.add(service + ": " + line);
                }
            }
        }
        assertTrue(notJson.isEmpty(), "log lines that are not JSON:\n" + String.join("\n", notJson.subList(0, Math.min(20, notJson.size()))));
        JsonNode occurrenceLine = null;
        for (String line : stack.log("template-service").lines().toList()) {
            JsonNode json = Json.MAPPER.readTree(line);
            if (json.path("message").asText().startsWith("occurrence " + messageId + ":")) {
                occurrenceLine = json;
            }
        }
        assertTrue(occurrenceLine != null, stack.log("template-service"));
        assertEquals(appId, occurrenceLine.at("/mdc/appId").asText(), occurrenceLine.toString());
        assertEquals(messageId, occurrenceLine.at("/mdc/messageId").asText(), occurrenceLine.toString());

        // the logs are there and say what happened (the app's own clients were built), only not its secrets
        assertTrue(stack.log("dispatcher-service").contains("client ready for app " + appId), stack.log("dispatcher-service"));
        List<String> found = new ArrayList<>();
        for (String service : TidingsStack.SERVICES) {
            List<String> lines = stack.log(service).lines().toList();
            secrets.forEach((what, secret) -> lines.stream().filter(l -> l.contains(secret)).findFirst()
                    .ifPresent(l -> found.add(service + " logs the " + what + ": " + l)));
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }

    /** A stretch from the middle of a PEM key: what would show if any part of it were logged. */
    private static String middle(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return body.substring(body.length() / 2 - 20, body.length() / 2 + 20);
    }

    private static void awaitPublished(String api, String messageId) throws Exception {
        stack.awaitStatus(api, messageId, "published");
    }
}
