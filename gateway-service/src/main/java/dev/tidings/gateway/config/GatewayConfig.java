package dev.tidings.gateway.config;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "tidings")
public interface GatewayConfig {
    /** the bearer token of the admin API; required, the service does not start without it */
    String adminToken();

    /** where template-service answers its internal registration API */
    String templateServiceUrl();

    /** where scheduler-service answers its internal cancel API */
    String schedulerServiceUrl();
}
