package dev.tidings.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {"/A/K/messaging/news", "/A/K/messaging/registrations/d%20evice", "/A/K/messaging/caf%C3%A9",
            "/A/K/messaging/%F0%9F%98%80", "/q/health/ready", "/", "/A/K/messaging/push/a.b", "/A/K/messaging/push/...",
            "/admin/apps/A/templates/v1.2"})
    void letsOrdinaryPathsThrough(String path) {
        assertNull(RequestGuard.problemWith(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/A/K/messaging/a%00b", "/A/K/messaging/registrations/victim;x", "/A/K/messaging/a%",
            "/A/K/messaging/a%zz", "/A/K/messaging/a\\b", "/A/K/messaging/%ff", "/A/K/messaging/%ED%A0%80",
            "/A/K/messaging/a%0Ab", "/A/K/messaging/caf\u00e9", "/A/K/messaging/push/%2E%2E/news",
            "/admin/apps/A/templates/%2e%2e/keys", "/admin/apps/A/templates/%2E", "/A/K/messaging/../x", "/A/./K"})
    void refusesPathsNoEndpointShouldSee(String path) {
        assertNotNull(RequestGuard.problemWith(path));
    }
}
