package dev.tidings.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidings.contracts.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IngressRequestTest {
    static final Instant WRITTEN = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void readsTheAddressingFieldsBesideThePublishBody() {
        IngressRequest r = parse("{\"appId\":\"A\",\"channel\":\"news\",\"messageId\":\"m-1\",\"message\":\"hi\",\"pushBroadcast\":\"IOS\"}");
        assertEquals("A", r.appId());
        assertEquals("news", r.channel());
        assertEquals("m-1", r.messageId());
        assertEquals(1, r.request().pushBroadcast());
        assertNull(parse("{\"appId\":\"A\",\"channel\":\"news\",\"message\":\"hi\"}").messageId());
    }

    @Test
    void publishAtIsJudgedAgainstWhenTheRecordWasWritten() {
        long dueAfterWriting = WRITTEN.toEpochMilli() + 60_000;
        IngressRequest r = parse("{\"appId\":\"A\",\"channel\":\"news\",\"message\":\"hi\",\"publishAt\":" + dueAfterWriting + "}");
        assertEquals(dueAfterWriting, r.request().timing().firstDueAt().toEpochMilli());
        ApiException late = assertThrows(ApiException.class, () -> parse(
                "{\"appId\":\"A\",\"channel\":\"news\",\"message\":\"hi\",\"publishAt\":" + (WRITTEN.toEpochMilli() - 60_000) + "}"));
        assertEquals(5030, late.error().code());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"channel\":\"news\",\"message\":\"hi\"}                                  | 5904",
            "{\"appId\":7,\"channel\":\"news\",\"message\":\"hi\"}                      | 5904",
            "{\"appId\":\"A\",\"message\":\"hi\"}                                       | 5905",
            "{\"appId\":\"A\",\"channel\":\"push\",\"message\":\"hi\"}                  | 5905",
            "{\"appId\":\"A\",\"channel\":\"news\",\"messageId\":\"\",\"message\":\"hi\"} | 5904",
            "{\"appId\":\"A\",\"channel\":\"news\"}                                     | 5901",
            "[]                                                                         | 5900"})
    void refusalsCarryTheCodeHttpWouldAnswer(String value, int code) {
        assertEquals(code, assertThrows(ApiException.class, () -> parse(value)).error().code());
    }

    @Test
    void aRecordOverTheHttpBodyLimitIsRefused() {
        byte[] big = ("{\"appId\":\"A\",\"channel\":\"news\",\"message\":\"" + "x".repeat(IngressRequest.MAX_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        ApiException e = assertThrows(ApiException.class, () -> IngressRequest.parse(big, WRITTEN));
        assertEquals(5915, e.error().code());
        assertEquals(413, e.status());
    }

    private static IngressRequest parse(String json) {
        return IngressRequest.parse(json.getBytes(StandardCharsets.UTF_8), WRITTEN);
    }
}
