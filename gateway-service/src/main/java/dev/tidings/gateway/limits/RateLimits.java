package dev.tidings.gateway.limits;

import dev.tidings.contracts.ApiException;
import dev.tidings.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Per-app limits on the public API's writing calls, in each gateway replica (so a deployment of N
 * replicas behind a load balancer lets an app make about N times as many calls).
 */
@ApplicationScoped
public class RateLimits {
    private final TokenBuckets publishes;
    private final TokenBuckets registrations;

    public RateLimits(GatewayConfig config) {
        GatewayConfig.RateLimits limits = config.rateLimits();
        this.publishes = new TokenBuckets(limits.publishPerSecond(), limits.publishBurst());
        this.registrations = new TokenBuckets(limits.registrationPerSecond(), limits.registrationBurst());
    }

    /** @throws ApiException 429/5924 with Retry-After when the app is over its publish rate */
    public void publish(String appId) {
        take(publishes, appId, "publish");
    }

    /** @throws ApiException 429/5924 with Retry-After when the app is over its registration rate */
    public void registration(String appId) {
        take(registrations, appId, "registration");
    }

    private static void take(TokenBuckets buckets, String appId, String what) {
        long wait = buckets.take(appId, System.nanoTime());
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            throw ApiException.tooManyRequests("too many " + what + " calls for app " + appId + ": try again in " + seconds + " s",
                    seconds);
        }
    }
}
