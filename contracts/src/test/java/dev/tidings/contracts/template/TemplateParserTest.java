package dev.tidings.contracts.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateParserTest {
    static final String FULL = """
            {"name": "welcome",
             "content": {"message": "Hi {Users.firstName|there}", "title": "Welcome", "subtitle": "to {app}",
                         "headers": {"screen": "home"}},
             "audience": {"platforms": ["ios", "ANDROID"], "channel": "news", "segmentQuery": "osVersion >= '12'"},
             "ios": {"alertTitle": "Hello", "badge": 0, "sound": "chime.caf", "attachmentUrl": "https://cdn.example/a.png",
                     "mutableContent": true, "threadId": "news", "category": {"id": "NEWS",
                     "actions": [{"id": "read", "title": "Read", "options": ["foreground"]}]}},
             "android": {"contentTitle": "Hello", "summaryText": "News", "icon": "ic_news", "color": "#3F51B5",
                         "badgeNumber": 2, "priority": "HIGH", "ttlSeconds": 600, "cancelAfterSeconds": 60,
                         "actionOnTap": "OPEN_NEWS", "channelId": "news", "actions": [{"id": "read", "title": "Read"}]},
             "delivery": {"ttlSeconds": 3600, "collapseKey": "news", "priority": "normal"}}
            """;

    @Test
    void readsAndNormalisesAFullTemplate() throws Exception {
        PushTemplate t = TemplateParser.parse(Json.MAPPER.readTree(FULL.getBytes()), null);
        assertEquals("welcome", t.name());
        assertEquals(List.of("IOS", "ANDROID"), t.audience().platforms());
        assertEquals("high", t.android().priority());
        assertEquals(0, t.ios().badge());
        assertEquals("normal", t.delivery().priority());
    }

    @Test
    void defaultsTheAudienceAndTakesTheNameFromThePath() throws Exception {
        PushTemplate t = TemplateParser.parse(Json.MAPPER.readTree("{\"content\":{\"message\":\"Hi\"}}"), "hello");
        assertEquals("hello", t.name());
        assertEquals("default", t.audience().channel());
        assertEquals(List.of("ANDROID", "IOS"), t.audience().platforms());
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"colour\":1}              | 5919 | unknown field \"colour\"",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"badgee\":1}}     | 5919 | unknown field \"ios.badgee\"",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"badge\":\"3\"}}  | 5919 | ios.badge must be a whole number",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"badge\":\"x\"}}  | 5919 | ios.badge must be a whole number",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"badge\":1.5}}    | 5919 | ios.badge must be a whole number",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"badge\":-1}}     | 5919 | ios.badge must be a whole number from 0",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"mutableContent\":\"yes\"}} | 5919 | ios.mutableContent must be true or false",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"android\":{\"color\":\"blue\"}}   | 5919 | android.color must be #rrggbb",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"android\":{\"color\":\"#12345\"}}  | 5919 | android.color must be #rrggbb",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"android\":{\"priority\":\"urgent\"}} | 5919 | android.priority must be one of",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"android\":{\"ttlSeconds\":2419201}} | 5919 | android.ttlSeconds must be from 0 to 2419200",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"delivery\":{\"ttlSeconds\":2419201}} | 5919 | delivery.ttlSeconds must be from 0 to 2419200",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"delivery\":{\"ttlSeconds\":-1}} | 5919 | delivery.ttlSeconds must be from 0",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"delivery\":{\"collapseKey\":\"0123456789012345678901234567890123456789012345678901234567890123X\"}} | 5919 | 1 to 64",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"delivery\":{\"collapseKey\":\"é\"}} | 5919 | printable ASCII",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"delivery\":{\"collapseKey\":\"a\\r\\nx-evil: 1\"}} | 5919 | printable ASCII",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"delivery\":{\"collapseKey\":\" \"}} | 5919 | printable ASCII",
            "{\"name\":5,\"content\":{\"message\":\"m\"}} | 5919 | name must be a string",
            "{\"name\":\"x\",\"content\":{\"message\":5}} | 5919 | content.message must be a string",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\",\"headers\":{\"n\":5}}} | 5919 | content.headers.n must be a string",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"audience\":{\"channel\":true}} | 5919 | audience.channel must be a string",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"category\":{\"id\":\"C\",\"actions\":[{\"id\":\"a\",\"title\":\"A\",\"options\":[null]}]}}} | 5919 | option \"null\"",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"android\":{\"actions\":[{\"id\":\"a\",\"title\":\"A\"},{\"id\":\"a\",\"title\":\"B\"}]}} | 5919 | two buttons have the id",
            "{\"name\":\"x\",\"content\":{\"message\":\"{a12345678901234567890123456789012345678901234567890123456789012345}\"}} | 5919 | longer than 64",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"delivery\":{\"priority\":\"urgent\"}} | 5919 | delivery.priority must be high or normal",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"audience\":{\"segmentQuery\":\"os = \"}} | 5912 | audience.segmentQuery",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"audience\":{\"segmentQuery\":\"shoeSize = 3\"}} | 5912 | audience.segmentQuery",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"audience\":{\"platforms\":[\"WP\"]}} | 5919 | is not IOS or ANDROID",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"audience\":{\"platforms\":[]}} | 5919 | must name IOS, ANDROID or both",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"audience\":{\"channel\":\"a b\"}} | 5905 | invalid channel name",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\",\"headers\":{\"aps\":\"1\"}}} | 5911 | reserved",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\",\"headers\":{\"google.x\":\"1\"}}} | 5911 | FCM reserves",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\",\"headers\":{\"ios-badge\":\"1\"}}} | 5919 | ios and android fields",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\",\"headers\":{\"a\":{\"b\":1}}}} | 5919 | content.headers.a must be a string",
            "{\"name\":\"x\",\"content\":{\"message\":\"Hi {Orders.total}\"}} | 5919 | unknown placeholder {Orders.total}",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"alertTitle\":\"{Device.os}\"}} | 5919 | unknown placeholder",
            "{\"name\":\"x\",\"content\":{\"title\":\"t\"}} | 5919 | content.message is required",
            "{\"name\":\"x\"} | 5919 | content.message is required",
            "{\"content\":{\"message\":\"m\"}} | 5919 | name must be",
            "{\"name\":\" x\",\"content\":{\"message\":\"m\"}} | 5919 | name must be",
            "{\"name\":\"a/b\",\"content\":{\"message\":\"m\"}} | 5919 | name must be",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"attachmentUrl\":\"ftp://x\"}} | 5919 | http or https URL",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"category\":{\"actions\":[]}}} | 5919 | ios.category.id",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"ios\":{\"category\":{\"id\":\"C\",\"actions\":[{\"id\":\"a\",\"title\":\"A\",\"options\":[\"loud\"]}]}}} | 5919 | option \"loud\"",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"android\":{\"actions\":[{\"id\":\"a\",\"title\":\"A\"},{\"id\":\"b\",\"title\":\"B\"},{\"id\":\"c\",\"title\":\"C\"},{\"id\":\"d\",\"title\":\"D\"}]}} | 5919 | at most 3 buttons",
            "{\"name\":\"x\",\"content\":{\"message\":\"m\"},\"android\":{\"actions\":[{\"title\":\"A\"}]}} | 5919 | needs an id",
            "[1] | 5919 | a template is a JSON object",
    })
    void refusesWhatItCouldNotSend(String json, int code, String expected) throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> TemplateParser.parse(Json.MAPPER.readTree(json), null));
        assertEquals(code, e.error().code(), e.getMessage());
        for (String part : expected.split("\\|")) {
            assertTrue(e.getMessage().contains(part), "\"" + e.getMessage() + "\" should say \"" + part + "\"");
        }
    }

    @Test
    void namesInBodyAndPathMustAgree() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> TemplateParser.parse(
                Json.MAPPER.readTree("{\"name\":\"a\",\"content\":{\"message\":\"m\"}}"), "b"));
        assertTrue(e.getMessage().contains("differs"));
    }

    @Test
    void refusesTextTooLargeForANotificationBeforeAnyValueIsFilledIn() throws Exception {
        String big = "x".repeat(4000);
        ApiException e = assertThrows(ApiException.class, () -> TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"a\",\"content\":{\"message\":\"" + big + "\",\"title\":\"" + big + "\"}}"), null));
        assertEquals(ErrorCodes.PAYLOAD_TOO_LARGE, e.error().code());
    }

    @Test
    void aSilentTemplateNeedsNoMessage() throws Exception {
        PushTemplate t = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"sync\",\"ios\":{\"contentAvailable\":true},\"content\":{\"headers\":{\"sync\":\"1\"}}}"), null);
        assertEquals("", t.content().message());
    }
}
