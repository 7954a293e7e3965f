package dev.tidings.devstack.launch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * New provider credentials, as Google and Apple issue them, for an app that brings its own: a
 * service-account JSON file, a .p8 token-auth key, or a .p12 client certificate. Each comes with what the
 * emulator must be told ({@code POST /emulator/accounts}, {@code POST /emulator/certificates}) before it
 * accepts the credential, as the real provider knows every account it issued. JDK only (the certificate
 * is made by the JDK's keytool), so tests of any service can use it.
 */
public final class ProviderAccounts {

    /** @param emulatorAccount the JSON to POST to the FCM emulator's {@code /emulator/accounts} */
    public record ServiceAccount(String json, String clientEmail, String emulatorAccount) {
    }

    /** @param emulatorAccount the JSON to POST to the APNs emulator's {@code /emulator/accounts} */
    public record SigningKey(String p8, String teamId, String keyId, String bundleId, String emulatorAccount) {
    }

    /**
     * @param p12 the PKCS#12 file (private key and certificate), as Keychain Access exports it
     * @param emulatorAccount the JSON to POST to the APNs emulator's {@code /emulator/certificates}
     */
    public record Certificate(byte[] p12, String password, String bundleId, String emulatorAccount) {
    }

    /** Apple's marks of an APNs client certificate: for development builds, production builds, or both. */
    public enum PushEnvironment {
        DEVELOPMENT("1.2.840.113635.100.6.3.1"), PRODUCTION("1.2.840.113635.100.6.3.2"), BOTH("1.2.840.113635.100.6.3.6");

        public final String oid;

        PushEnvironment(String oid) {
            this.oid = oid;
        }
    }

    /** A push certificate for one bundle id and both environments, as Apple issues them today. */
    public static Certificate issueCertificate(String bundleId) throws IOException, GeneralSecurityException {
        return issueCertificate(bundleId, PushEnvironment.BOTH);
    }

    /** A push certificate for one bundle id, its subject as Apple writes it (UID is the bundle id). */
    public static Certificate issueCertificate(String bundleId, PushEnvironment environment) throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("tidings-apns-certificate-");
        Path store = dir.resolve("push.p12");
        String password = UUID.randomUUID().toString();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "push", "-keyalg", "RSA", "-keysize", "2048", "-validity", "365",
                "-dname", "UID=" + bundleId + ", CN=Apple Push Services: " + bundleId + ", OU=TIDINGS001, O=Tidings, C=US",
                "-ext", environment.oid + "=0500",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (keytool.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        byte[] p12 = Files.readAllBytes(store);
        Files.delete(store);
        Files.delete(dir);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(new java.io.ByteArrayInputStream(p12), password.toCharArray());
        ObjectNode known = Json.MAPPER.createObjectNode()
                .put("certificate", pem("CERTIFICATE", keys.getCertificate("push").getEncoded()));
        known.set("topics", Json.MAPPER.valueToTree(List.of(bundleId)));
        return new Certificate(p12, password, bundleId, known.toString());
    }

    /** @param tokenUri the OAuth token endpoint the account's JSON names (the FCM emulator's {@code /token}) */
    public static ServiceAccount issueServiceAccount(String projectId, String tokenUri) throws GeneralSecurityException {
        KeyPair pair = generate("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        String email = "push@" + projectId + ".iam.gserviceaccount.com";
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("type", "service_account")
                .put("project_id", projectId)
                .put("private_key_id", projectId + "-key")
                .put("private_key", pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
                .put("client_email", email)
                .put("client_id", "100000000000000000002")
                .put("token_uri", tokenUri);
        ObjectNode known = Json.MAPPER.createObjectNode()
                .put("clientEmail", email)
                .put("projectId", projectId)
                .put("publicKey", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return new ServiceAccount(json.toString(), email, known.toString());
    }

    public static SigningKey issueSigningKey(String teamId, String keyId, String bundleId) throws GeneralSecurityException {
        KeyPair pair = generate("EC", new ECGenParameterSpec("secp256r1"));
        ObjectNode known = Json.MAPPER.createObjectNode()
                .put("teamId", teamId)
                .put("keyId", keyId)
                .put("publicKey", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        known.set("topics", Json.MAPPER.valueToTree(List.of(bundleId)));
        return new SigningKey(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), teamId, keyId, bundleId, known.toString());
    }

    public static KeyPair generate(String algorithm, AlgorithmParameterSpec spec) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(spec, new SecureRandom());
        return generator.generateKeyPair();
    }

    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private ProviderAccounts() {
    }
}
