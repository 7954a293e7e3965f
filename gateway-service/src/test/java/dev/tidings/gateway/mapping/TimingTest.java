package dev.tidings.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Json;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** publishAt, repeatEvery and repeatExpiresAt: units, ranges, and which error code each mistake gets. */
class TimingTest {
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final long MS = NOW.toEpochMilli();

    static Timing parse(String fields) {
        return Timing.parse(Json.decode("{\"message\":\"m\"" + fields + "}", com.fasterxml.jackson.databind.JsonNode.class), NOW);
    }

    @Test
    void withoutTimingFieldsItIsSentNow() {
        assertEquals(Timing.NOW, parse(""));
        assertEquals(Timing.NOW, parse(",\"publishAt\":null,\"repeatEvery\":null"));
    }

    @Test
    void aFuturePublishAtIsScheduledForThatMillisecond() {
        assertEquals(new Timing(NOW.plusSeconds(60), null, null), parse(",\"publishAt\":" + (MS + 60_000)));
        // what the JavaScript SDK sends for a Date, and a JSON number with a zero fraction
        assertEquals(new Timing(NOW.plusSeconds(60), null, null), parse(",\"publishAt\":\"2026-12-03T10:01:00.000Z\""));
        assertEquals(new Timing(NOW.plusSeconds(60), null, null), parse(",\"publishAt\":" + (MS + 60_000) + ".0"));
        assertEquals(new Timing(NOW.plusSeconds(60), null, null), parse(",\"publishAt\":\"" + (MS + 60_000) + "\""));
    }

    @Test
    void aPublishAtWithinTheClockSkewGraceIsSentNow() {
        assertEquals(Timing.NOW, parse(",\"publishAt\":" + (MS - 4_000)));
        assertEquals(Timing.NOW, parse(",\"publishAt\":" + MS));
    }

    @Test
    void repeatingStartsNowOrAtPublishAt() {
        assertEquals(new Timing(NOW, 60L, null), parse(",\"repeatEvery\":60"));
        assertEquals(new Timing(NOW, 60L, null), parse(",\"repeatEvery\":60,\"publishAt\":" + (MS - 2_000)));
        assertEquals(new Timing(NOW.plusSeconds(3600), 1L, NOW.plusSeconds(7200)),
                parse(",\"repeatEvery\":1,\"publishAt\":" + (MS + 3_600_000) + ",\"repeatExpiresAt\":" + (MS + 7_200_000)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // fields | code | a word the message must contain
            ",\"publishAt\":\"tomorrow\"|5030|ISO-8601",
            ",\"publishAt\":true|5030|milliseconds",
            ",\"publishAt\":1.5e12|5030|milliseconds",
            ",\"publishAt\":17649e9999|5030|milliseconds",
            ",\"publishAt\":-5|5030|negative",
            ",\"publishAt\":1796292000|5030|seconds",
            ",\"publishAt\":1764745190000|5030|past",
            ",\"publishAt\":99999999999999|5030|5 years",
            ",\"repeatEvery\":0|5916|repeatEvery",
            ",\"repeatEvery\":-60|5916|repeatEvery",
            ",\"repeatEvery\":1.5|5916|repeatEvery",
            ",\"repeatEvery\":\"60\"|5916|repeatEvery",
            ",\"repeatEvery\":999999999|5916|repeatEvery",
            ",\"repeatExpiresAt\":1796292000000|5003|needs repeatEvery",
            ",\"repeatEvery\":60,\"repeatExpiresAt\":\"soon\"|5003|ISO-8601",
            ",\"repeatEvery\":60,\"repeatExpiresAt\":1796292000|5003|seconds",
            ",\"repeatEvery\":60,\"repeatExpiresAt\":1764756000000|5003|after the first firing",
    })
    void mistakesGetTheirBackendlessCodes(String fields, int code, String says) {
        ApiException e = assertThrows(ApiException.class, () -> parse(fields));
        assertEquals(code, e.error().code(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
