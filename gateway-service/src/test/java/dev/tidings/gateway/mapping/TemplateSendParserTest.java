package dev.tidings.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.template.PushTemplate;
import dev.tidings.contracts.template.TemplateParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateSendParserTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static PushTemplate template(String json) throws Exception {
        return TemplateParser.parse(Json.MAPPER.readTree(json), null);
    }

    private static final String IOS_ONLY = "{\"name\":\"t\",\"content\":{\"message\":\"{sale} off, {Users.name|friend}\"},"
            + "\"audience\":{\"platforms\":[\"IOS\"],\"channel\":\"deals\",\"segmentQuery\":\"osVersion >= '16'\"}}";

    @Test
    void takesTheAudienceFromTheTemplateAndTheValuesAsText() throws Exception {
        PublishRequest r = TemplateSendParser.parse(
                "{\"templateValues\":{\"sale\":\"40%\",\"n\":5,\"price\":2.50,\"vip\":true,\"gone\":null}}"
                        .getBytes(StandardCharsets.UTF_8), template(IOS_ONLY), NOW);
        assertEquals(1, r.pushBroadcast(), "IOS only is the iOS bit");
        assertEquals("osVersion >= '16'", r.segmentQuery());
        assertNull(r.pushSinglecast());
        assertEquals(PublishPolicy.PUSH, r.policy());
        assertEquals(Map.of("sale", "40%", "n", "5", "price", "2.5", "vip", "true"), r.template().values());
        assertEquals("t", r.template().template().name());
        assertTrue(!r.timing().scheduled());
    }

    @Test
    void anEmptyBodySendsNowWithNoValues() throws Exception {
        PublishRequest r = TemplateSendParser.parse(new byte[0], template(IOS_ONLY), NOW);
        assertEquals(Map.of(), r.template().values());
    }

    @Test
    void timingIsReadAsForAPublish() throws Exception {
        long at = NOW.toEpochMilli() + 60_000;
        PublishRequest r = TemplateSendParser.parse(("{\"publishAt\":" + at + ",\"repeatEvery\":60}")
                .getBytes(StandardCharsets.UTF_8), template(IOS_ONLY), NOW);
        assertTrue(r.timing().scheduled());
        assertEquals(60L, r.timing().repeatEvery());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "=>", value = {
            "{\"templateValues\":[1]}                   => 5904",
            "{\"templateValues\":\"x\"}                 => 5904",
            "{\"templateValues\":{\"a\":{\"b\":1}}}     => 5904",
            "{\"templateValues\":{\"a\":[1]}}           => 5904",
            "{\"templateValues\":{\"1a\":\"x\"}}        => 5904",
            "{\"templateValues\":{\"a b\":\"x\"}}       => 5904",
            "{\"templateValues\":{\"Users.x\":\"x\"}}   => 5904",
            "{\"publishAt\":1}                          => 5030",
            "{\"publishAt\":\"soon\"}                   => 5030",
            "{\"repeatEvery\":0}                        => 5916",
            "[1]                                        => 5900",
            "{broken                                    => 5900",
            "{\"pushSinglecast\":[\"a\"]}                => 5904",
            "{\"message\":\"override\"}                  => 5904",
            "{\"templateValues\":{\"v\":1e400}}          => 5900",
            "{\"publishAt\":\"+999999999-12-31T23:59:59Z\"} => 5030",
            "{\"templateValues\":{},\"templateValues\":{}} => 5900",
    })
    void refusesValuesAndTimesItCannotUse(String body, int code) throws Exception {
        PushTemplate t = template(IOS_ONLY);
        ApiException e = assertThrows(ApiException.class,
                () -> TemplateSendParser.parse(body.getBytes(StandardCharsets.UTF_8), t, NOW));
        assertEquals(code, e.error().code(), e.getMessage());
    }

    @Test
    void refusesTooManyOrTooLongValues() throws Exception {
        StringBuilder many = new StringBuilder("{\"templateValues\":{");
        for (int i = 0; i <= TemplateSendParser.MAX_VALUES; i++) {
            many.append(i == 0 ? "" : ",").append("\"v").append(i).append("\":1");
        }
        PushTemplate t = template(IOS_ONLY);
        assertEquals(5904, assertThrows(ApiException.class, () -> TemplateSendParser.parse(
                many.append("}}").toString().getBytes(StandardCharsets.UTF_8), t, NOW)).error().code());
        String longValue = "{\"templateValues\":{\"sale\":\"" + "x".repeat(TemplateSendParser.MAX_VALUE_LENGTH + 1) + "\"}}";
        assertEquals(5904, assertThrows(ApiException.class, () -> TemplateSendParser.parse(
                longValue.getBytes(StandardCharsets.UTF_8), t, NOW)).error().code());
    }

    @Test
    void aSharedPayloadTooLargeWithTheseValuesIsRefusedAtTheDoor() throws Exception {
        PushTemplate plain = template("{\"name\":\"t\",\"content\":{\"message\":\"{a}{b}{c}{d}{e}\"}}");
        String v = "x".repeat(1000);
        String body = "{\"templateValues\":{\"a\":\"" + v + "\",\"b\":\"" + v + "\",\"c\":\"" + v + "\",\"d\":\"" + v
                + "\",\"e\":\"" + v + "\"}}";
        ApiException e = assertThrows(ApiException.class,
                () -> TemplateSendParser.parse(body.getBytes(StandardCharsets.UTF_8), plain, NOW));
        assertEquals(5910, e.error().code());
        // a personal template is checked for each recipient instead
        PushTemplate personal = template("{\"name\":\"t\",\"content\":{\"message\":\"{a}{b}{c}{d}{e}{Users.x}\"}}");
        TemplateSendParser.parse(body.getBytes(StandardCharsets.UTF_8), personal, NOW);
    }
}
