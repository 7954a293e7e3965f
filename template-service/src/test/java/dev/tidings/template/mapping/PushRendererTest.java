package dev.tidings.template.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.IosPush;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PushRendererTest {
    static final JsonNode HELLO = Json.MAPPER.getNodeFactory().textNode("Hello");

    @Test
    void androidHeadersFillTheNotificationAndTheRestIsData() {
        AndroidPush push = PushRenderer.android(HELLO, Map.of(
                "android-content-title", "Title", "android-content-text", "Text", "android-ticker-text", "Tick",
                "android-content-sound", "bell", "android-action", "OPEN_ORDER", "orderId", "7",
                "ios-badge", "3"));
        assertEquals("Title", push.notification().title());
        assertEquals("Text", push.notification().body());
        assertEquals("Title", push.android().notification().title());
        assertEquals("Tick", push.android().notification().ticker());
        assertEquals("bell", push.android().notification().sound());
        assertEquals("OPEN_ORDER", push.android().notification().clickAction());
        assertEquals(Map.of("orderId", "7", "message", "Hello"), push.data());
    }

    @Test
    void androidTextFallsBackToTheMessage() {
        AndroidPush push = PushRenderer.android(HELLO, Map.of());
        assertEquals("Hello", push.notification().body());
        assertNull(push.notification().title());
    }

    @Test
    void aNonStringMessageTravelsAsItsJson() {
        JsonNode message = Json.MAPPER.createObjectNode().put("sku", 42).put("ok", true);
        assertEquals("{\"sku\":42,\"ok\":true}", PushRenderer.android(message, Map.of()).data().get("message"));
        assertEquals("{\"sku\":42,\"ok\":true}", alert(PushRenderer.ios(message, Map.of())).get("body"));
    }

    @Test
    void iosHeadersFillApsAndTheRestAreTopLevelKeys() {
        IosPush push = PushRenderer.ios(HELLO, Map.of(
                "ios-alert-title", "T", "ios-alert-subtitle", "S", "ios-alert-body", "B",
                "ios-badge", "5", "ios-sound", "chime.caf", "orderId", "7", "android-content-title", "x"));
        Map<?, ?> aps = (Map<?, ?>) push.payload().get("aps");
        assertEquals(Map.of("title", "T", "subtitle", "S", "body", "B"), aps.get("alert"));
        assertEquals(5, aps.get("badge"));
        assertEquals("chime.caf", aps.get("sound"));
        assertEquals("7", push.payload().get("orderId"));
        assertFalse(push.payload().containsKey("android-content-title"));
        assertEquals("alert", push.pushType());
        assertEquals(10, push.priority());
    }

    @ParameterizedTest(name = "ios-badge \"{0}\" -> {1}")
    @CsvSource({"0, 0", "1, 1", "' 12 ', 12", "99999, 99999"})
    void badgeIsAJsonNumberAndZeroIsKept(String given, int expected) {
        IosPush push = PushRenderer.ios(HELLO, Map.of("ios-badge", given));
        Object badge = ((Map<?, ?>) push.payload().get("aps")).get("badge");
        assertEquals(Integer.valueOf(expected), badge);
        // and on the wire it is a number, not a string
        assertEquals(expected, Json.MAPPER.valueToTree(push.payload()).at("/aps/badge").intValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"three", "", "1.5", "-1", "0x10", "2147483648"})
    void aBadgeThatIsNotAWholeNumberIsRefused(String given) {
        assertThrows(IllegalArgumentException.class, () -> PushRenderer.ios(HELLO, Map.of("ios-badge", given)));
    }

    @Test
    void iosBodyFallsBackToLegacyAlertThenToTheMessage() {
        assertEquals("legacy", alert(PushRenderer.ios(HELLO, Map.of("ios-alert", "legacy"))).get("body"));
        assertEquals("Hello", alert(PushRenderer.ios(HELLO, Map.of())).get("body"));
    }

    @Test
    void contentAvailableMakesASilentBackgroundPush() {
        IosPush push = PushRenderer.ios(HELLO, Map.of("ios-content-available", "true"));
        Map<?, ?> aps = (Map<?, ?>) push.payload().get("aps");
        assertEquals(1, aps.get("content-available"));
        assertFalse(aps.containsKey("alert"));
        assertEquals("background", push.pushType());
        assertEquals(5, push.priority());
    }

    @Test
    void richMediaSetsMutableContent() {
        IosPush push = PushRenderer.ios(HELLO, Map.of("ios-rich-media-url", "https://cdn.example/p.jpg"));
        assertEquals(1, ((Map<?, ?>) push.payload().get("aps")).get("mutable-content"));
        assertEquals("https://cdn.example/p.jpg", push.payload().get("ios-rich-media-url"));
    }

    private static Map<?, ?> alert(IosPush push) {
        return (Map<?, ?>) ((Map<?, ?>) push.payload().get("aps")).get("alert");
    }
}
