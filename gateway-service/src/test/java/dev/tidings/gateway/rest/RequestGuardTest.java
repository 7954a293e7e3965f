package dev.tidings.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @org.junit.jupiter.api.Test
    void limitsTheCountAndSizeOfHeaders() {
        java.util.List<java.util.Map.Entry<String, String>> headers = new java.util.ArrayList<>();
        for (int i = 0; i < RequestGuard.MAX_HEADERS; i++) {
            headers.add(java.util.Map.entry("x-h" + i, "v"));
        }
        assertNull(RequestGuard.headerProblem(headers));
        headers.add(java.util.Map.entry("x-one-more", "v"));
        assertEquals("the request has 101 headers; at most 100 are taken", RequestGuard.headerProblem(headers));

        String big = "v".repeat(RequestGuard.MAX_HEADER_BYTES - "user-token".length() - 4);
        assertNull(RequestGuard.headerProblem(java.util.List.of(java.util.Map.entry("user-token", big))));
        assertNotNull(RequestGuard.headerProblem(java.util.List.of(java.util.Map.entry("user-token", big + "v"))));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "/APP1/KEY/messaging/news          | APP1",
            "/APP1/KEY/info                    | APP1",
            "/admin/apps/APP2/keys             | APP2",
            "/admin/apps/APP2                  | APP2",
            "/admin/apps                       | ",
            "/admin/credentials/reseal         | ",
            "/q/health/ready                   | ",
            "/                                 | "})
    void namesTheAppOfAPathForTheLogs(String path, String appId) {
        assertEquals(appId, RequestGuard.appIdIn(path));
    }
}
