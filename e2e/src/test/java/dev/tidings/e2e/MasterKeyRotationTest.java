package dev.tidings.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.crypto.Sealer;
import dev.tidings.devstack.launch.ProviderAccounts;
import dev.tidings.devstack.launch.StackFacts;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A master-key rotation as the README describes it: every service gets the new key with the old one as
 * previous, the credentials are resealed, and then a dispatcher that knows only the new key still sends
 * with an app's own credential.
 */
class MasterKeyRotationTest {
    static TidingsStack stack;

    @BeforeAll
    static void start() throws Exception {
        // the dispatchers are started by the test, with the keys each step needs
        stack = new TidingsStack(List.of("template-service", "scheduler-service", "gateway-service"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void credentialsSealedWithTheOldKeyAreResealedAndSendWithTheNewKeyAlone() throws Exception {
        String fcm = stack.devstack.facts().get(StackFacts.FCM_URL);
        String[] auth = stack.adminAuth();
        String oldKey = stack.masterKey;
        String newKey = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 32).getBytes());
        Map<String, String> rotating = Map.of("TIDINGS_MASTER_KEY", newKey, "TIDINGS_PREVIOUS_MASTER_KEYS", oldKey);

        // before: an app uploads its own service account, sealed with the old key
        JsonNode app = stack.createApp("rotation");
        String appId = app.get("appId").asText();
        String api = stack.messaging(app);
        ProviderAccounts.ServiceAccount account = ProviderAccounts.issueServiceAccount("rotation-e2e", fcm + "/token");
        stack.call("POST", fcm + "/emulator/accounts", account.emulatorAccount());
        assertEquals(200, stack.call("PUT", stack.gateway() + "/admin/apps/" + appId + "/credentials/fcm", account.json(), auth).status());
        String token = "rotation-android:APA91b_rotated";
        stack.register(api, "r-1", "ANDROID", token, "rot");

        // step 1: every service with the new key, the old one as previous (here a new gateway and a dispatcher)
        Process rotatingDispatcher = stack.startReplica("dispatcher-service", "dispatcher-rotating", rotating);
        stack.startReplica("gateway-service", "gateway-rotating", rotating);
        String rotatingGateway = "http://127.0.0.1:" + stack.ports.get("gateway-rotating");
        sendAndAwait(api, token, "during the rotation", 1);

        // step 2: reseal; a second call finds nothing left to do
        TidingsStack.Response resealed = stack.call("POST", rotatingGateway + "/admin/credentials/reseal", null, auth);
        assertEquals(200, resealed.status(), resealed.body());
        assertEquals(1, resealed.json().get("apps").asInt(), resealed.body());
        assertEquals(1, resealed.json().get("credentials").asInt(), resealed.body());
        assertEquals(0, resealed.json().get("notOpened").size(), resealed.body());
        assertEquals(0, stack.call("POST", rotatingGateway + "/admin/credentials/reseal", null, auth).json().get("credentials").asInt());
        assertEquals(401, stack.call("POST", rotatingGateway + "/admin/credentials/reseal", null).status());
        String newId = Sealer.of(newKey, List.of()).keyId();
        assertEquals(1, stack.count("select count(*) from gateway.provider_credential where app_id = '" + appId
                + "' and sealed like 'v1." + newId + ".%'"), "stored sealed with the new key");

        // step 3: the old key is dropped; a dispatcher that knows only the new one sends with the app's credential
        rotatingDispatcher.destroy();
        assertTrue(rotatingDispatcher.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        stack.startReplica("dispatcher-service", "dispatcher-new", Map.of("TIDINGS_MASTER_KEY", newKey));
        JsonNode received = sendAndAwait(api, token, "after the rotation", 2);
        assertEquals("rotation-e2e", received.at("/headers/project").asText(), received.toString());
        assertTrue(stack.log("dispatcher-new").contains("client ready for app " + appId), stack.log("dispatcher-new"));
    }

    /** Publishes to the device and returns what FCM received, once it holds {@code count} notifications. */
    private static JsonNode sendAndAwait(String api, String token, String text, int count) throws Exception {
        TidingsStack.Response r = stack.call("POST", api + "/rot", "{\"message\":\"" + text + "\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode status = stack.awaitStatus(api, r.json().get("messageId").asText(), "published");
        assertEquals(1, status.get("successfulSendsAmount").asInt(), status.toString());
        JsonNode all = stack.received(stack.devstack.facts().get(StackFacts.FCM_URL), token);
        assertEquals(count, all.size(), all.toString());
        return all.get(count - 1);
    }
}
