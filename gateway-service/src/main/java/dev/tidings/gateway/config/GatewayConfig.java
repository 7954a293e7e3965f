package dev.tidings.gateway.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "tidings")
public interface GatewayConfig {
    /** the bearer token of the admin API; required, the service does not start without it */
    String adminToken();

    /** where template-service answers its internal registration API */
    String templateServiceUrl();

    /** where scheduler-service answers its internal cancel API */
    String schedulerServiceUrl();

    /** seals provider credentials: 32 random bytes in base64; required */
    String masterKey();

    /** the OAuth token endpoints an uploaded FCM service account may name (Google's; an emulator's locally) */
    List<String> fcmTokenUris();

    /** master keys that sealed credentials before the current one, still read while they are re-uploaded */
    Optional<List<String>> previousMasterKeys();

    RateLimits rateLimits();

    /** Calls per app and second each gateway replica takes, with bursts; beyond them: 429/5924 with Retry-After. */
    interface RateLimits {
        /** publishes and template sends per app and second */
        @io.smallrye.config.WithDefault("1000")
        double publishPerSecond();

        /** how many publishes may come at once before the rate applies */
        @io.smallrye.config.WithDefault("2000")
        int publishBurst();

        /** registrations and unregistrations per app and second */
        @io.smallrye.config.WithDefault("500")
        double registrationPerSecond();

        @io.smallrye.config.WithDefault("1000")
        int registrationBurst();
    }
}
