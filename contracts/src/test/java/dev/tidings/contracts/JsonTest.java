package dev.tidings.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void acceptsOrdinaryUnicodeIncludingPairsOutsideTheBmp() {
        assertEquals("h\u00e9llo \ud83d\ude00 \u05e9",
                Json.readUntrusted("{\"m\":\"h\u00e9llo \\ud83d\\ude00 \u05e9\"}".getBytes(StandardCharsets.UTF_8)).get("m").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "{\"m\":1} trailing", "{\"m\":1}{}", "{\"m\":\"a\\u0000b\"}", "{\"a\\u0000\":1}",
            "{\"m\":\"\\ud800\"}", "{\"m\":\"\\udfff\"}", "{\"m\":\"x\\ud800y\"}", "[\"\\ude00\\ud83d\"]", "{\"m\": "})
    void refuses(String body) {
        assertThrows(IllegalArgumentException.class, () -> Json.readUntrusted(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] body = {'{', '"', 'm', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        assertThrows(IllegalArgumentException.class, () -> Json.readUntrusted(body));
    }
}
