package dev.tidings.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Json;
import dev.tidings.devstack.launch.ProviderAccounts;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderCredentialsTest {
    static final String RSA = pem("RSA", null);
    static final String P256 = pem("EC", "secp256r1");
    static final String P384 = pem("EC", "secp384r1");
    static final java.util.List<String> TOKEN_URIS = java.util.List.of("https://oauth2.googleapis.com/token");

    @Test
    void aServiceAccountIsReadWithWhatMayBeShown() {
        ProviderCredentials.Fcm fcm = ProviderCredentials.fcm(account(a -> { }), TOKEN_URIS);
        assertEquals("shop-prod", fcm.projectId());
        assertEquals("push@shop-prod.iam.gserviceaccount.com", fcm.clientEmail());
        assertTrue(fcm.serviceAccountJson().contains("BEGIN PRIVATE KEY"));
    }

    static Stream<Arguments> badAccounts() {
        return Stream.of(
                Arguments.of("not a service account", (Consumer<ObjectNode>) a -> a.put("type", "authorized_user")),
                Arguments.of("no project", (Consumer<ObjectNode>) a -> a.remove("project_id")),
                Arguments.of("bad project", (Consumer<ObjectNode>) a -> a.put("project_id", "Shop Prod")),
                Arguments.of("no e-mail", (Consumer<ObjectNode>) a -> a.put("client_email", "push")),
                Arguments.of("no key", (Consumer<ObjectNode>) a -> a.remove("private_key")),
                Arguments.of("an EC key", (Consumer<ObjectNode>) a -> a.put("private_key", P256)),
                Arguments.of("garbage key", (Consumer<ObjectNode>) a -> a.put("private_key", "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----")),
                Arguments.of("bad token uri", (Consumer<ObjectNode>) a -> a.put("token_uri", "file:///etc/passwd")),
                Arguments.of("another token server", (Consumer<ObjectNode>) a -> a.put("token_uri", "https://evil.example/token")),
                Arguments.of("no client id", (Consumer<ObjectNode>) a -> a.remove("client_id")),
                Arguments.of("no private key id", (Consumer<ObjectNode>) a -> a.put("private_key_id", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAccounts")
    void aBadServiceAccountIsRefusedWith5918(String what, Consumer<ObjectNode> change) {
        ApiException e = assertThrows(ApiException.class, () -> ProviderCredentials.fcm(account(change), TOKEN_URIS));
        assertEquals(5918, e.error().code());
    }

    @Test
    void aP8KeyIsRead() {
        ProviderCredentials.Apns apns = ProviderCredentials.apns(apnsBody(b -> { }));
        assertEquals("ABCDE12345", apns.teamId());
        assertEquals("KEY1234567", apns.keyId());
        assertEquals("com.shop.app", apns.bundleId());
        assertEquals(false, apns.production());
    }

    static Stream<Arguments> badApns() {
        return Stream.of(
                Arguments.of("short team id", (Consumer<ObjectNode>) b -> b.put("teamId", "ABC")),
                Arguments.of("lower-case key id", (Consumer<ObjectNode>) b -> b.put("keyId", "key1234567")),
                Arguments.of("bundle id with spaces", (Consumer<ObjectNode>) b -> b.put("bundleId", "com shop")),
                Arguments.of("bundle id ending in a dot", (Consumer<ObjectNode>) b -> b.put("bundleId", "com.shop.")),
                Arguments.of("production as text", (Consumer<ObjectNode>) b -> b.put("production", "yes")),
                Arguments.of("no production", (Consumer<ObjectNode>) b -> b.remove("production")),
                Arguments.of("an RSA key", (Consumer<ObjectNode>) b -> b.put("signingKey", RSA)),
                Arguments.of("a P-384 key", (Consumer<ObjectNode>) b -> b.put("signingKey", P384)),
                Arguments.of("no key", (Consumer<ObjectNode>) b -> b.remove("signingKey")),
                Arguments.of("unknown field", (Consumer<ObjectNode>) b -> b.put("certificate", "x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badApns")
    void aBadApnsKeyIsRefusedWith5918(String what, Consumer<ObjectNode> change) {
        ApiException e = assertThrows(ApiException.class, () -> ProviderCredentials.apns(apnsBody(change)));
        assertEquals(5918, e.error().code());
    }

    static final ProviderAccounts.Certificate CERTIFICATE = certificate("com.shop.app");
    static final ProviderAccounts.Certificate DEVELOPMENT = certificate("com.shop.app", ProviderAccounts.PushEnvironment.DEVELOPMENT);
    /** a self-signed certificate with the right subject, but not one Apple would issue for push */
    static final ProviderAccounts.Certificate PLAIN = plain("com.shop.app");

    @Test
    void aCertificateForOneEnvironmentIsTakenForThatOne() {
        ProviderCredentials.ApnsCertificate dev = ProviderCredentials.apnsCertificate(certificateBody(b -> b
                .put("production", false).put("certificate", Base64.getEncoder().encodeToString(DEVELOPMENT.p12()))
                .put("password", DEVELOPMENT.password())));
        assertEquals(false, dev.production());
        // whitespace in the base64 (a line-wrapped `base64` output) is fine
        ProviderCredentials.apnsCertificate(certificateBody(b -> b.put("certificate",
                Base64.getMimeEncoder().encodeToString(CERTIFICATE.p12()))));
    }

    @Test
    void aP12CertificateIsReadWithWhatMayBeShown() {
        ProviderCredentials.ApnsCertificate apns = ProviderCredentials.apnsCertificate(certificateBody(b -> { }));
        assertEquals("com.shop.app", apns.bundleId());
        assertEquals(true, apns.production());
        assertTrue(apns.subject().contains("Apple Push Services: com.shop.app"), apns.subject());
        assertTrue(apns.expiresAt().isAfter(java.time.Instant.now()));
        // the dispatcher gets the file and its password, sealed
        assertEquals(CERTIFICATE.password(), Json.decode(apns.secret(), ObjectNode.class).get("password").asText());
        assertTrue(ProviderCredentials.isCertificate(certificateBody(b -> { })));
    }

    static Stream<Arguments> badCertificates() {
        return Stream.of(
                Arguments.of("wrong password", (Consumer<ObjectNode>) b -> b.put("password", "guess")),
                Arguments.of("no password", (Consumer<ObjectNode>) b -> b.remove("password")),
                Arguments.of("password as a number", (Consumer<ObjectNode>) b -> b.put("password", 1234)),
                Arguments.of("not base64", (Consumer<ObjectNode>) b -> b.put("certificate", "%%%")),
                Arguments.of("not a .p12", (Consumer<ObjectNode>) b -> b.put("certificate", Base64.getEncoder().encodeToString(
                        "-----BEGIN CERTIFICATE-----".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))),
                Arguments.of("empty", (Consumer<ObjectNode>) b -> b.put("certificate", "")),
                Arguments.of("huge", (Consumer<ObjectNode>) b -> b.put("certificate", "A".repeat(40_000))),
                Arguments.of("for another bundle id", (Consumer<ObjectNode>) b -> b.put("bundleId", "com.other.app")),
                Arguments.of("no production", (Consumer<ObjectNode>) b -> b.remove("production")),
                Arguments.of("a key id besides", (Consumer<ObjectNode>) b -> b.put("keyId", "KEY1234567")),
                Arguments.of("a data: prefix", (Consumer<ObjectNode>) b -> b.put("certificate",
                        "data:application/x-pkcs12;base64," + Base64.getEncoder().encodeToString(CERTIFICATE.p12()))),
                Arguments.of("a development certificate for production", (Consumer<ObjectNode>) b -> b
                        .put("certificate", Base64.getEncoder().encodeToString(DEVELOPMENT.p12()))
                        .put("password", DEVELOPMENT.password())),
                Arguments.of("no APNs extension", (Consumer<ObjectNode>) b -> b
                        .put("certificate", Base64.getEncoder().encodeToString(PLAIN.p12())).put("password", PLAIN.password())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCertificates")
    void aBadP12IsRefusedWith5918(String what, Consumer<ObjectNode> change) {
        ApiException e = assertThrows(ApiException.class, () -> ProviderCredentials.apnsCertificate(certificateBody(change)));
        assertEquals(5918, e.error().code());
    }

    private static ObjectNode certificateBody(Consumer<ObjectNode> change) {
        ObjectNode b = Json.MAPPER.createObjectNode()
                .put("bundleId", "com.shop.app")
                .put("production", true)
                .put("certificate", Base64.getEncoder().encodeToString(CERTIFICATE.p12()))
                .put("password", CERTIFICATE.password());
        change.accept(b);
        return b;
    }

    private static ProviderAccounts.Certificate certificate(String bundleId) {
        return certificate(bundleId, ProviderAccounts.PushEnvironment.BOTH);
    }

    private static ProviderAccounts.Certificate certificate(String bundleId, ProviderAccounts.PushEnvironment environment) {
        try {
            return ProviderAccounts.issueCertificate(bundleId, environment);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProviderAccounts.Certificate plain(String bundleId) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("plain-p12");
            java.nio.file.Path store = dir.resolve("plain.p12");
            Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "x", "-keyalg", "RSA", "-keysize", "2048", "-dname", "UID=" + bundleId + ", CN=x",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "password1").redirectErrorStream(true).start();
            keytool.getInputStream().readAllBytes();
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed");
            }
            return new ProviderAccounts.Certificate(java.nio.file.Files.readAllBytes(store), "password1", bundleId, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode account(Consumer<ObjectNode> change) {
        ObjectNode a = Json.MAPPER.createObjectNode()
                .put("type", "service_account")
                .put("project_id", "shop-prod")
                .put("private_key_id", "k1")
                .put("private_key", RSA)
                .put("client_email", "push@shop-prod.iam.gserviceaccount.com")
                .put("client_id", "1234567890")
                .put("token_uri", "https://oauth2.googleapis.com/token");
        change.accept(a);
        return a;
    }

    private static ObjectNode apnsBody(Consumer<ObjectNode> change) {
        ObjectNode b = Json.MAPPER.createObjectNode()
                .put("teamId", "ABCDE12345")
                .put("keyId", "KEY1234567")
                .put("bundleId", "com.shop.app")
                .put("production", false)
                .put("signingKey", P256);
        change.accept(b);
        return b;
    }

    private static String pem(String algorithm, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else {
                g.initialize(2048);
            }
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
