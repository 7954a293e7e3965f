package dev.tidings.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidings.contracts.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishRequestParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'\"publishPolicy\":\"PUSH\"', PUSH",
            "'\"publishPolicy\":\"pubsub\"', PUBSUB",
            "'\"publishPolicy\":\"Both\"', BOTH",
            "'\"pushPolicy\":\"ONLY\"', PUSH",
            "'\"pushPolicy\":\"also\"', BOTH",
            "'\"subtopic\":\"ignored\"', PUSH"})
    void bothPolicyVocabularies(String field, PublishPolicy expected) {
        assertEquals(expected, parse("{\"message\":\"m\"," + field + "}").policy());
    }

    @Test
    void messageOfAnyJsonType() {
        for (String message : List.of("\"text\"", "42", "true", "[1,2]", "{\"a\":{\"b\":1}}")) {
            assertEquals(message.replace(" ", ""), parse("{\"message\":" + message + "}").message().toString());
        }
    }

    @Test
    void headersBecomeStringsAndNullsAreDropped() {
        PublishRequest r = parse("{\"message\":\"m\",\"headers\":{\"a\":1,\"b\":true,\"c\":\"x\",\"d\":null}}");
        assertEquals(Map.of("a", "1", "b", "true", "c", "x"), r.headers());
        assertEquals(15, r.pushBroadcast());
        assertNull(r.pushSinglecast());
    }

    @Test
    void tooManyHeadersOrTooLongValuesAreRefused() {
        StringBuilder many = new StringBuilder("{\"message\":\"m\",\"headers\":{");
        for (int i = 0; i <= PublishRequestParser.MAX_HEADERS; i++) {
            many.append(i == 0 ? "" : ",").append("\"h").append(i).append("\":\"v\"");
        }
        assertThrows(ApiException.class, () -> parse(many + "}}"));
        String longValue = "x".repeat(PublishRequestParser.MAX_HEADER_VALUE + 1);
        assertThrows(ApiException.class, () -> parse("{\"message\":\"m\",\"headers\":{\"h\":\"" + longValue + "\"}}"));
    }

    private static PublishRequest parse(String json) {
        return PublishRequestParser.parse(PublishRequestParser.readJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
