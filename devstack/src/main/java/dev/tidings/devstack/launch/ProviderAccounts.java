package dev.tidings.devstack.launch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import java.util.List;

/**
 * New provider credentials, as Google and Apple issue them, for an app that brings its own: a
 * service-account JSON file, or a .p8 token-auth key. Each comes with what the emulator must be told
 * ({@code POST /emulator/accounts}) before it accepts the credential, as the real provider knows every
 * account it issued. JDK only, so tests of any service can use it.
 */
public final class ProviderAccounts {

    /** @param emulatorAccount the JSON to POST to the FCM emulator's {@code /emulator/accounts} */
    public record ServiceAccount(String json, String clientEmail, String emulatorAccount) {
    }

    /** @param emulatorAccount the JSON to POST to the APNs emulator's {@code /emulator/accounts} */
    public record SigningKey(String p8, String teamId, String keyId, String bundleId, String emulatorAccount) {
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
