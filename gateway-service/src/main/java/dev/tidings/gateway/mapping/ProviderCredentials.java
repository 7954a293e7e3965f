package dev.tidings.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks provider credentials when they are uploaded, so that a bad one is refused with a clear error
 * then, not found out at the first send. Pure.
 */
public final class ProviderCredentials {
    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9\\-]{1,62}");
    private static final Pattern APPLE_ID = Pattern.compile("[A-Z0-9]{10}");
    private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9\\-]+(\\.[A-Za-z0-9\\-]+)*");

    /** The service-account JSON from the Firebase console, and what of it may be shown. */
    public record Fcm(String projectId, String clientEmail, String serviceAccountJson) {
    }

    /** A .p8 token-auth key and where it is valid. */
    public record Apns(String teamId, String keyId, String bundleId, boolean production, String signingKey) {
    }

    /**
     * @param tokenUris the OAuth token endpoints a service account may name: Google's, and an emulator's
     *                  where one is configured. The dispatcher posts a signed assertion there, so no other.
     * @throws ApiException (5918) saying what is wrong with the service account
     */
    public static Fcm fcm(JsonNode account, java.util.Collection<String> tokenUris) {
        if (!account.isObject()) {
            throw invalid("upload the service-account JSON file from the Firebase console (Project settings, Service accounts)");
        }
        if (!"service_account".equals(account.path("type").asText())) {
            throw invalid("type must be \"service_account\": upload the service-account JSON file, not another kind of key");
        }
        String projectId = account.path("project_id").asText("");
        if (!PROJECT_ID.matcher(projectId).matches()) {
            throw invalid("project_id is missing or not a Google Cloud project id");
        }
        String clientEmail = account.path("client_email").asText("");
        if (clientEmail.indexOf('@') < 1 || clientEmail.length() > 320) {
            throw invalid("client_email is missing or not an e-mail address");
        }
        // google-auth refuses a service account without these when it loads it
        for (String field : java.util.List.of("client_id", "private_key_id")) {
            if (!account.path(field).isTextual() || account.path(field).asText().isBlank()) {
                throw invalid(field + " is missing: upload the whole service-account JSON file as the console gave it");
            }
        }
        if (!account.path("private_key").isTextual() || !(privateKey(account.path("private_key").asText(), "RSA") instanceof RSAPrivateKey)) {
            throw invalid("private_key is not an RSA private key in PEM");
        }
        JsonNode tokenUri = account.get("token_uri");
        if (tokenUri != null && !tokenUris.contains(tokenUri.asText())) {
            throw invalid("token_uri must be " + String.join(" or ", tokenUris));
        }
        return new Fcm(projectId, clientEmail, account.toString());
    }

    /**
     * Reads {@code {"teamId", "keyId", "bundleId", "production", "signingKey"}}.
     *
     * @throws ApiException (5918) saying what is wrong
     */
    public static Apns apns(JsonNode body) {
        if (!body.isObject()) {
            throw invalid("send {\"teamId\", \"keyId\", \"bundleId\", \"production\", \"signingKey\"}");
        }
        Set<String> fields = Set.of("teamId", "keyId", "bundleId", "production", "signingKey");
        body.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw invalid("unknown field " + f + "; expected " + fields);
            }
        });
        String teamId = body.path("teamId").asText("");
        if (!APPLE_ID.matcher(teamId).matches()) {
            throw invalid("teamId must be the 10-character Team ID from the Apple developer account");
        }
        String keyId = body.path("keyId").asText("");
        if (!APPLE_ID.matcher(keyId).matches()) {
            throw invalid("keyId must be the 10-character Key ID of the .p8 key");
        }
        String bundleId = body.path("bundleId").asText("");
        if (bundleId.length() > 155 || !BUNDLE_ID.matcher(bundleId).matches()) {
            throw invalid("bundleId must be the app's bundle id, such as com.example.shop");
        }
        JsonNode production = body.get("production");
        if (production == null || !production.isBoolean()) {
            throw invalid("production must be true (App Store and TestFlight builds) or false (development builds)");
        }
        JsonNode key = body.get("signingKey");
        if (key == null || !key.isTextual()) {
            throw invalid("signingKey must be the text of the .p8 file");
        }
        PrivateKey parsed = privateKey(key.asText(), "EC");
        if (!(parsed instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw invalid("signingKey must be an APNs .p8 key (EC P-256)");
        }
        return new Apns(teamId, keyId, bundleId, production.asBoolean(), key.asText());
    }

    private static PrivateKey privateKey(String pem, String algorithm) {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw invalid(algorithm.equals("RSA") ? "private_key is not an RSA private key in PEM (PKCS#8)"
                    : "signingKey is not a .p8 key: expected -----BEGIN PRIVATE KEY----- with an EC P-256 key");
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCodes.INVALID_CREDENTIAL, message);
    }

    private ProviderCredentials() {
    }
}
