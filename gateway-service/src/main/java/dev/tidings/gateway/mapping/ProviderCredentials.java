package dev.tidings.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
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
     * A .p12 push certificate and where it is valid.
     *
     * @param secret {@code {"p12": "<base64>", "password": "..."}}, what the dispatcher opens the .p12 with
     */
    public record ApnsCertificate(String bundleId, boolean production, String secret, String subject, Instant expiresAt) {
    }

    /** the longest .p12 taken, in base64 (a push certificate with its key is about 3 KB) */
    static final int MAX_P12_BASE64 = 32 * 1024;

    /** Whether an APNs upload is a certificate ({@code certificate} field) rather than a .p8 key. */
    public static boolean isCertificate(JsonNode body) {
        return body.isObject() && body.has("certificate");
    }

    /**
     * Reads {@code {"bundleId", "production", "certificate": "<base64 of the .p12>", "password"}}: the .p12
     * must open with the password, key included, hold one private key with its certificate, be valid now,
     * name this bundle id (Apple writes it as the subject's UID) and carry Apple's push extension for the
     * environment ({@code production}) or for both.
     *
     * @throws ApiException (5918) saying what is wrong
     */
    public static ApnsCertificate apnsCertificate(JsonNode body) {
        Set<String> fields = Set.of("bundleId", "production", "certificate", "password");
        body.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw invalid("unknown field " + f + "; expected " + fields);
            }
        });
        String bundleId = bundleId(body);
        boolean production = production(body);
        JsonNode certificate = body.get("certificate");
        if (!certificate.isTextual() || certificate.asText().isEmpty() || certificate.asText().length() > MAX_P12_BASE64) {
            throw invalid("certificate must be the .p12 file in base64 (at most " + MAX_P12_BASE64 + " characters)");
        }
        JsonNode password = body.get("password");
        if (password != null && !password.isTextual()) {
            throw invalid("password must be the .p12 file's password, as text");
        }
        String pass = password == null ? "" : password.asText();
        byte[] p12;
        try {
            p12 = Base64.getDecoder().decode(certificate.asText().replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw invalid("certificate is not base64 (the .p12 file's bytes, nothing before or after)");
        }
        java.security.cert.X509Certificate x509 = null;
        PrivateKey key = null;
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(new java.io.ByteArrayInputStream(p12), pass.toCharArray());
            int keys = 0;
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof java.security.cert.X509Certificate c) {
                    keys++;
                    x509 = c;
                    // the key itself must open with the password too, as pushy will open it
                    key = (PrivateKey) store.getKey(alias, pass.toCharArray());
                }
            }
            if (keys != 1) {
                throw invalid("the .p12 must hold exactly one private key with its certificate; it holds " + keys);
            }
        } catch (java.io.IOException | GeneralSecurityException | ClassCastException e) {
            throw invalid("certificate does not open as a .p12 with this password");
        }
        if (!matches(key, x509)) {
            throw invalid("the .p12's private key is not the key of its certificate");
        }
        try {
            x509.checkValidity();
        } catch (java.security.cert.CertificateException e) {
            throw invalid("the certificate is not valid now (valid " + x509.getNotBefore().toInstant() + " to "
                    + x509.getNotAfter().toInstant() + ")");
        }
        String subject = x509.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
        String uid = uid(x509);
        if (uid == null) {
            throw invalid("the certificate names no bundle id (an APNs certificate from Apple has it as the subject's UID)");
        }
        if (!uid.equals(bundleId)) {
            throw invalid("the certificate is for " + uid + ", not for bundleId " + bundleId);
        }
        boolean forBoth = x509.getExtensionValue(APNS_BOTH) != null;
        if (!forBoth && x509.getExtensionValue(production ? APNS_PRODUCTION : APNS_DEVELOPMENT) == null) {
            throw invalid(x509.getExtensionValue(production ? APNS_DEVELOPMENT : APNS_PRODUCTION) != null
                    ? "the certificate is for " + (production ? "development" : "production") + " builds, not for "
                            + (production ? "production" : "development") + " ones: check production"
                    : "the certificate is not an APNs client certificate (it has none of Apple's push extensions)");
        }
        String secret = Json.MAPPER.createObjectNode().put("p12", Base64.getEncoder().encodeToString(p12)).put("password", pass).toString();
        return new ApnsCertificate(bundleId, production, secret, subject, x509.getNotAfter().toInstant());
    }

    /** Apple's extensions of an APNs client certificate: for development builds, production ones, or both. */
    static final String APNS_DEVELOPMENT = "1.2.840.113635.100.6.3.1";
    static final String APNS_PRODUCTION = "1.2.840.113635.100.6.3.2";
    static final String APNS_BOTH = "1.2.840.113635.100.6.3.6";

    /** Whether the private key belongs to the certificate: a probe signed with one verifies with the other. */
    private static boolean matches(PrivateKey key, java.security.cert.X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        if (algorithm == null) {
            throw invalid("the .p12's key is " + key.getAlgorithm() + "; APNs certificates have RSA or EC keys");
        }
        try {
            byte[] probe = "tidings".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The subject's UID (OID 0.9.2342.19200300.100.1.1), which Apple sets to the bundle id, or null. */
    private static String uid(java.security.cert.X509Certificate certificate) {
        try {
            javax.naming.ldap.LdapName name = new javax.naming.ldap.LdapName(certificate.getSubjectX500Principal()
                    .getName(javax.security.auth.x500.X500Principal.RFC2253, java.util.Map.of("0.9.2342.19200300.100.1.1", "UID")));
            for (javax.naming.ldap.Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("UID")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
    }

    private static String bundleId(JsonNode body) {
        String bundleId = body.path("bundleId").asText("");
        if (bundleId.length() > 155 || !BUNDLE_ID.matcher(bundleId).matches()) {
            throw invalid("bundleId must be the app's bundle id, such as com.example.shop");
        }
        return bundleId;
    }

    private static boolean production(JsonNode body) {
        JsonNode production = body.get("production");
        if (production == null || !production.isBoolean()) {
            throw invalid("production must be true (App Store and TestFlight builds) or false (development builds)");
        }
        return production.asBoolean();
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
            throw invalid("send {\"teamId\", \"keyId\", \"bundleId\", \"production\", \"signingKey\"} for a .p8 key,"
                    + " or {\"bundleId\", \"production\", \"certificate\", \"password\"} for a .p12 certificate");
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
        String bundleId = bundleId(body);
        boolean production = production(body);
        JsonNode key = body.get("signingKey");
        if (key == null || !key.isTextual()) {
            throw invalid("signingKey must be the text of the .p8 file");
        }
        PrivateKey parsed = privateKey(key.asText(), "EC");
        if (!(parsed instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw invalid("signingKey must be an APNs .p8 key (EC P-256)");
        }
        return new Apns(teamId, keyId, bundleId, production, key.asText());
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
