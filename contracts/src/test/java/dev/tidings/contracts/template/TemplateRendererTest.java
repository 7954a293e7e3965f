package dev.tidings.contracts.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.IosPush;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

    private static PushTemplate full() throws Exception {
        return TemplateParser.parse(Json.MAPPER.readTree(TemplateParserTest.FULL), null);
    }

    @Test
    void mapsEveryAndroidField() throws Exception {
        PushTemplate t = TemplateRenderer.personalise(full(), new SmartText.Sources(
                Map.of("app", "Tidings"), Map.of("firstName", "Ada"), Map.of()));
        AndroidPush a = TemplateRenderer.android(t);
        assertEquals("Hello", a.notification().title());
        assertEquals("Hi Ada", a.notification().body());
        assertEquals("news", a.android().collapseKey());
        assertEquals("normal", a.android().priority());
        assertEquals(600L, a.android().ttlSeconds(), "android.ttlSeconds wins over delivery.ttlSeconds");
        AndroidPush.AndroidNotification n = a.android().notification();
        assertEquals("ic_news", n.icon());
        assertEquals("#3F51B5", n.color());
        assertEquals(2, n.notificationCount());
        assertEquals("HIGH", n.priority());
        assertEquals("OPEN_NEWS", n.clickAction());
        assertEquals("news", n.channelId());
        assertEquals("home", a.data().get("screen"));
        assertEquals("Hi Ada", a.data().get("message"));
        assertEquals("welcome", a.data().get("template_name"));
        assertEquals("News", a.data().get("android-summary-subtext"));
        assertEquals("60", a.data().get("android-cancel-after"));
        assertEquals("[{\"id\":\"read\",\"title\":\"Read\"}]", a.data().get("android-actions"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mapsEveryIosField() throws Exception {
        PushTemplate t = TemplateRenderer.personalise(full(), new SmartText.Sources(
                Map.of("app", "Tidings"), Map.of(), Map.of()));
        IosPush p = TemplateRenderer.ios(t, AT);
        Map<String, Object> aps = (Map<String, Object>) p.payload().get("aps");
        Map<String, Object> alert = (Map<String, Object>) aps.get("alert");
        assertEquals("Hello", alert.get("title"));
        assertEquals("to Tidings", alert.get("subtitle"));
        assertEquals("Hi there", alert.get("body"), "the default of {Users.firstName|there}");
        assertEquals(0, aps.get("badge"), "a badge of 0 is kept: it clears the badge");
        assertEquals("chime.caf", aps.get("sound"));
        assertEquals("news", aps.get("thread-id"));
        assertEquals("NEWS", aps.get("category"));
        assertEquals(1, aps.get("mutable-content"));
        assertFalse(aps.containsKey("content-available"));
        assertEquals("https://cdn.example/a.png", p.payload().get("ios-rich-media-url"));
        assertEquals("home", p.payload().get("screen"));
        assertEquals("welcome", p.payload().get("template_name"));
        assertEquals("alert", p.pushType());
        assertEquals(5, p.priority(), "delivery.priority normal is APNs priority 5");
        assertEquals("news", p.collapseId());
        assertEquals(AT.getEpochSecond() + 3600, p.expiration(), "apns-expiration is the firing time plus the TTL, in epoch seconds");
    }

    @Test
    @SuppressWarnings("unchecked")
    void contentAvailableWithNothingToShowIsASilentPush() throws Exception {
        PushTemplate t = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"sync\",\"ios\":{\"contentAvailable\":true,\"badge\":3,\"sound\":\"x\"}}"), null);
        IosPush p = TemplateRenderer.ios(t, AT);
        assertEquals(Map.of("content-available", 1), p.payload().get("aps"));
        assertEquals("background", p.pushType());
        assertEquals(5, p.priority());
        assertNull(p.expiration());
    }

    @Test
    @SuppressWarnings("unchecked")
    void contentAvailableWithAMessageStaysAnAlert() throws Exception {
        PushTemplate t = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"n\",\"content\":{\"message\":\"m\"},\"ios\":{\"contentAvailable\":true},\"delivery\":{\"ttlSeconds\":0}}"), null);
        IosPush p = TemplateRenderer.ios(t, AT);
        Map<String, Object> aps = (Map<String, Object>) p.payload().get("aps");
        assertEquals(1, aps.get("content-available"));
        assertTrue(aps.containsKey("alert"));
        assertEquals("alert", p.pushType());
        assertEquals(10, p.priority());
        assertEquals(0L, p.expiration(), "a TTL of 0 is apns-expiration 0: deliver now or never");
    }

    @Test
    void personalFieldsAreFoundWhereverTheyAre() throws Exception {
        assertTrue(TemplateRenderer.isPersonal(full()));
        PushTemplate plain = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"n\",\"content\":{\"message\":\"{sale} off\"}}"), null);
        assertFalse(TemplateRenderer.isPersonal(plain));
        PushTemplate inButton = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"n\",\"content\":{\"message\":\"m\"},\"android\":{\"actions\":[{\"id\":\"a\",\"title\":\"{Users.x}\"}]}}"), null);
        assertTrue(TemplateRenderer.isPersonal(inButton));
        PushTemplate inHeader = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"n\",\"content\":{\"message\":\"m\",\"headers\":{\"city\":\"{Devices.city}\"}}}"), null);
        assertTrue(TemplateRenderer.isPersonal(inHeader));
        assertEquals("Oslo", TemplateRenderer.android(TemplateRenderer.personalise(inHeader,
                new SmartText.Sources(Map.of(), Map.of(), Map.of("city", "Oslo")))).data().get("city"));
    }

    @Test
    void aSilentTemplateIsADataOnlyMessageOnAndroid() throws Exception {
        PushTemplate t = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"sync\",\"ios\":{\"contentAvailable\":true},\"content\":{\"headers\":{\"syncId\":\"42\"}}}"), null);
        AndroidPush a = TemplateRenderer.android(t);
        assertNull(a.notification(), "nothing to show: no notification block");
        assertNull(a.android().notification());
        assertEquals("42", a.data().get("syncId"));
    }

    @Test
    void urlsAreCheckedOnceTheirPlaceholdersAreFilledIn() throws Exception {
        PushTemplate t = TemplateParser.parse(Json.MAPPER.readTree(
                "{\"name\":\"n\",\"content\":{\"message\":\"m\"},\"android\":{\"attachmentUrl\":\"{img}\"},"
                        + "\"ios\":{\"attachmentUrl\":\"https://cdn.example/{img}\"}}"), null);
        assertEquals("android.attachmentUrl is not an http or https URL once its placeholders are filled in",
                TemplateRenderer.urlProblem(TemplateRenderer.personalise(t, SmartText.Sources.of(Map.of("img", "javascript:alert(1)")))));
        assertNull(TemplateRenderer.urlProblem(TemplateRenderer.personalise(t, SmartText.Sources.of(Map.of("img", "https://x/a.png")))));
        PushTemplate empty = TemplateRenderer.personalise(t, SmartText.Sources.NONE);
        assertNull(TemplateRenderer.urlProblem(empty), "an empty URL is no URL");
        assertNull(TemplateRenderer.android(empty).notification().image());
    }
}
