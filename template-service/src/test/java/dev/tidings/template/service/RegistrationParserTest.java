package dev.tidings.template.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.template.Registration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrationParserTest {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final String IOS_TOKEN = "0a".repeat(32);

    @Test
    void noChannelsMeansDefault() {
        Registration r = parse("{\"deviceId\":\"d1\",\"os\":\"ios\",\"deviceToken\":\"" + IOS_TOKEN + "\"}");
        assertEquals(Os.IOS, r.os());
        assertEquals(List.of("default"), r.channels());
        assertNull(r.expiration());
    }

    @Test
    void expirationInSecondsOrMilliseconds() {
        long seconds = NOW.getEpochSecond() + 3600;
        assertEquals(Instant.ofEpochSecond(seconds), parse(android(", \"expiration\": " + seconds)).expiration());
        assertEquals(Instant.ofEpochSecond(seconds), parse(android(", \"expiration\": " + seconds * 1000)).expiration());
    }

    @Test
    void duplicateChannelsCollapse() {
        assertEquals(List.of("a", "b"), parse(android(", \"channels\": [\"a\", \"b\", \"a\"]")).channels());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "[]",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\"}",
            "{\"deviceId\":\"d\",\"os\":\"BLACKBERRY\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\"}",
            "{\"deviceId\":\"d\",\"os\":\"IOS\",\"deviceToken\":\"not-hex\"}",
            "{\"deviceId\":\"d\",\"os\":\"IOS\",\"deviceToken\":\"abc\"}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"has spaces in the token here\"}",
            "{\"deviceId\":7,\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\"}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"channels\":\"news\"}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"channels\":[\"bad name\"]}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"expiration\":1000}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"expiration\":\"soon\"}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"expiration\":9223372036854775807}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"expiration\":1000000000000000000000000000000}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"properties\":{\"a-b\":1}}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"properties\":{\"a\":[1]}}",
            // ids that no path could name afterwards
            "{\"deviceId\":\"..\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\"}",
            "{\"deviceId\":\".\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\"}",
            "{\"deviceId\":\"a\\u0001b\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\"}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"userId\":\"..\"}",
            "{\"deviceId\":\"d\",\"os\":\"ANDROID\",\"deviceToken\":\"abcdefghijklmnopqrstuvwxyz\",\"userId\":\"u\\nv\"}"})
    void refusesWhatCannotBeDeliveredTo(String body) {
        ApiException e = assertThrows(ApiException.class, () -> parse(body));
        assertEquals(400, e.status());
    }

    private static String android(String extra) {
        return "{\"deviceId\":\"d1\",\"os\":\"ANDROID\",\"deviceToken\":\"fcm:APA91b-token_1\"" + extra + "}";
    }

    private static Registration parse(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return RegistrationParser.parse(node, NOW);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
