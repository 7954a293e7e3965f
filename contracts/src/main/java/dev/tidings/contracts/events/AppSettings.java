package dev.tidings.contracts.events;

import java.time.Instant;

/**
 * An app's provider credentials (topic {@code tidings.apps.v1}, compacted, key appId): the latest record
 * of an app is its whole current state. Secrets are sealed with the master key
 * ({@link dev.tidings.contracts.crypto.Sealer}, context {@link #context(String, String)}); the rest is
 * what an operator may see. A provider left null has no credential of the app's own. {@code version}
 * grows with every change of the app's credentials; a reader keeps the highest it has seen.
 */
public record AppSettings(EventMeta meta, String appId, long version, Fcm fcm, Apns apns) {

    /** @param sealedServiceAccount the service-account JSON Google issued, sealed */
    public record Fcm(String projectId, String clientEmail, String sealedServiceAccount, Instant uploadedAt) {
    }

    /**
     * Token-based authentication with a .p8 key ({@code sealedSigningKey}, with its team and key ids), or
     * certificate-based authentication with a .p12 ({@code sealedCertificate}; team and key ids null).
     * Exactly one of the two sealed values is set.
     *
     * @param production whether the app's tokens are from production builds (api.push.apple.com) or
     *                   development builds (api.sandbox.push.apple.com)
     * @param sealedSigningKey the .p8 key (PKCS#8 PEM), sealed
     * @param sealedCertificate {@code {"p12": "<base64 of the .p12 file>", "password": "..."}}, sealed
     */
    public record Apns(String teamId, String keyId, String bundleId, boolean production, String sealedSigningKey,
                       Instant uploadedAt, String sealedCertificate) {

        /** Token-based authentication. */
        public Apns(String teamId, String keyId, String bundleId, boolean production, String sealedSigningKey, Instant uploadedAt) {
            this(teamId, keyId, bundleId, production, sealedSigningKey, uploadedAt, null);
        }

        /** Certificate-based authentication. */
        public static Apns certificate(String bundleId, boolean production, String sealedCertificate, Instant uploadedAt) {
            return new Apns(null, null, bundleId, production, null, uploadedAt, sealedCertificate);
        }
    }

    public static final String FCM = "fcm";
    public static final String APNS = "apns";

    /** What a sealed credential is bound to: it opens only for this app and provider. */
    public static String context(String appId, String provider) {
        return appId + "/" + provider;
    }
}
