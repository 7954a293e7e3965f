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
            "{\"m\":\"\\ud800\"}", "{\"m\":\"\\udfff\"}", "{\"m\":\"x\\ud800y\"}", "[\"\\ude00\\ud83d\"]", "{\"m\": ",
            // a field twice would let the last one silently win; a number no double holds
            "{\"m\":1,\"m\":2}", "{\"a\":{\"b\":1,\"b\":1}}", "{\"m\":1e400}", "[-1e400]"})
    void refuses(String body) {
        assertThrows(IllegalArgumentException.class, () -> Json.readUntrusted(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesIntegersBeyondADouble() {
        for (String body : new String[] {"{\"m\":1" + "0".repeat(400) + "}", "[-9" + "9".repeat(399) + "]"}) {
            assertThrows(IllegalArgumentException.class, () -> Json.readUntrusted(body.getBytes(StandardCharsets.UTF_8)));
        }
        // a big integer a double still holds is fine
        Json.readUntrusted(("{\"m\":1" + "0".repeat(300) + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] body = {'{', '"', 'm', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        assertThrows(IllegalArgumentException.class, () -> Json.readUntrusted(body));
    }

    @Test
    void refusesOverlongUtf8AndCodePointsBeyondUnicode() {
        // 0xC0 0xAF is an overlong '/', 0xE0 0x80 0xAF another; 0xF4 0x90 0x80 0x80 is above U+10FFFF
        for (byte[] bad : new byte[][] {{(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}}) {
            byte[] body = new byte[bad.length + 8];
            System.arraycopy("{\"m\":\"".getBytes(StandardCharsets.UTF_8), 0, body, 0, 6);
            System.arraycopy(bad, 0, body, 6, bad.length);
            body[bad.length + 6] = '"';
            body[bad.length + 7] = '}';
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.readUntrusted(body));
            org.junit.jupiter.api.Assertions.assertEquals("the body is not valid UTF-8", e.getMessage());
        }
    }
}
