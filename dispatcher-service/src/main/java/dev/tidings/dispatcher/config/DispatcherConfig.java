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

    Retry retry();

    Ledger ledger();

    /** how long a stopping dispatcher waits for the sends in flight before it closes the provider clients */
    @WithDefault("25s")
    Duration drainTimeout();

    /** Retries of sends a provider answered with "later" (throttled, unavailable, no answer in time). */
    interface Retry {
        /** provider attempts per device, firebase-admin's own included; the last failure is then final */
        @WithDefault("6")
        int maxAttempts();

        /** the wait before the second attempt; it doubles with each attempt after */
        @WithDefault("1s")
        Duration firstDelay();

        /** the longest wait between attempts, for the backoff and for a provider's Retry-After alike */
        @WithDefault("10m")
        Duration maxDelay();

        /** how often each replica looks for retries that are due */
        @WithDefault("200ms")
        Duration pollInterval();
    }

    interface Ledger {
        /** how long the ledger remembers what each device got for an occurrence */
        @WithDefault("8d")
        Duration retention();

        /**
         * how long a consumer's claim on a device holds: longer than a batch can take to send; a device
         * claimed longer ago is presumed abandoned by a consumer that died, and sent by another
         */
        @WithDefault("5m")
        Duration claimTimeout();
    }

    interface Fcm {
        /** the service-account JSON Google issues; without it Android deliveries fail with a clear reason */
        Optional<String> serviceAccountFile();

        /** where FCM is, for an emulator (e.g. {@code http://127.0.0.1:4010}); unset in production */
        Optional<String> endpoint();

        /** threads that send through firebase-admin, each blocking on one HTTP exchange: the limit of sends in flight */
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

        /** notifications in flight per APNs client at most; more wait their turn (pushy would queue them) */
        @WithDefault("2000")
        int maxInFlight();

        @WithDefault("30s")
        Duration timeout();
    }
}
