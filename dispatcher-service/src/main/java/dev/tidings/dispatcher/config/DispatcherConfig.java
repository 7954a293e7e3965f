package dev.tidings.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Provider settings. Production leaves {@code fcm.endpoint} unset (firebase-admin talks to Google) and
 * points {@code apns.host} at Apple; the local stack points both at the devstack emulators.
 */
@ConfigMapping(prefix = "tidings")
public interface DispatcherConfig {
    Fcm fcm();

    Apns apns();

    /** opens the apps' own credentials, sealed by the gateway: 32 random bytes in base64; required */
    String masterKey();

    /** master keys that sealed credentials before the current one */
    Optional<List<String>> previousMasterKeys();

    interface Fcm {
        /** the service-account JSON Google issues; without it Android deliveries fail with a clear reason */
        Optional<String> serviceAccountFile();

        /** where FCM is, for an emulator (e.g. {@code http://127.0.0.1:4010}); unset in production */
        Optional<String> endpoint();

        /** threads of firebase-admin's executor: each blocks on one HTTP send */
        @WithDefault("32")
        int threads();

        /** the longest a send may take before it counts as failed and frees its thread */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Apns {
        /** where the service's default credential sends */
        @WithDefault("api.push.apple.com")
        String host();

        /** where an app's own credential sends when it is for production builds */
        @WithDefault("api.push.apple.com")
        String productionHost();

        /** where an app's own credential sends when it is for development builds */
        @WithDefault("api.sandbox.push.apple.com")
        String sandboxHost();

        @WithDefault("443")
        int port();

        /** a certificate to trust for the APNs server, for an emulator; unset in production */
        Optional<String> trustedCertificate();

        /** the .p8 token-auth signing key Apple issues */
        Optional<String> signingKeyFile();

        Optional<String> teamId();

        Optional<String> keyId();

        /** the app's bundle id, sent as {@code apns-topic} */
        Optional<String> topic();

        @WithDefault("4")
        int connections();

        @WithDefault("30s")
        Duration timeout();
    }
}
