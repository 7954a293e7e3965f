package dev.tidings.contracts.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertNull(push.android().notification().title(), "the title is sent once, in notification");
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
    void contentAvailableAloneMakesASilentBackgroundPush() {
        IosPush push = PushRenderer.ios(HELLO, Map.of("ios-content-available", "true", "ios-badge", "2",
                "ios-sound", "x.caf", "job", "sync"));
        assertEquals(Map.of("content-available", 1), push.payload().get("aps"), "no alert, sound or badge");
        assertEquals("sync", push.payload().get("job"));
        assertEquals("Hello", push.payload().get("message"));
        assertEquals("background", push.pushType());
        assertEquals(5, push.priority());
    }

    @Test
    void contentAvailableWithAnAlertStaysAnAlertPush() {
        IosPush push = PushRenderer.ios(HELLO, Map.of("ios-content-available", "1", "ios-alert-title", "T", "ios-badge", "2"));
        Map<?, ?> aps = (Map<?, ?>) push.payload().get("aps");
        assertEquals(1, aps.get("content-available"));
        assertEquals(2, aps.get("badge"));
        assertEquals("T", ((Map<?, ?>) aps.get("alert")).get("title"));
        assertEquals("alert", push.pushType());
        assertEquals(10, push.priority());
    }

    @Test
    void fcmDataValuesAreStringsOnTheWire() {
        JsonNode data = Json.MAPPER.valueToTree(PushRenderer.android(HELLO, Map.of("n", "5", "b", "true")).data());
        assertTrue(data.get("n").isTextual());
        assertTrue(data.get("b").isTextual());
    }

    @ParameterizedTest
    @ValueSource(strings = {"from", "FROM", "notification", "message_type", "google.c.a", "gcm.n.e", "googleAnything", "aps", "message"})
    void reservedCustomKeysAreRefusedByName(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PushHeaders.validate(Map.of(name, "v")));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void notificationHeadersAndOrdinaryKeysAreNotReserved() {
        PushHeaders.validate(Map.of("ios-badge", "1", "android-content-title", "t", "orderId", "1", "fromCity", "Oslo"));
    }

    @Test
    void sizeIsCountedInUtf8Bytes() {
        // 1,300 three-byte characters: 3,900 bytes of text, under the limit in characters, over it in bytes once in JSON twice
        String wide = "\u20ac".repeat(1_300);
        JsonNode message = Json.MAPPER.getNodeFactory().textNode(wide);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PushRenderer.checkSize(
                PushRenderer.android(message, Map.of()), PushRenderer.ios(message, Map.of())));
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
        String narrow = "e".repeat(1_300);
        JsonNode small = Json.MAPPER.getNodeFactory().textNode(narrow);
        PushRenderer.checkSize(PushRenderer.android(small, Map.of()), PushRenderer.ios(small, Map.of()));
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
