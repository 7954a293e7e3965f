package dev.tidings.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.AppSettings;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.DeviceInvalidation;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.contracts.events.ScheduledMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the wire format: each event, encoded, equals its golden JSON, and the golden JSON decodes back to it. */
class GoldenEventsTest {
    static final EventMeta META = new EventMeta("6f1c0a2e-0000-4000-8000-000000000001", Instant.parse("2026-12-03T10:15:30Z"), 1);

    @Test
    void occurrence() throws IOException {
        Occurrence o = new Occurrence(META, "APP-1", "msg-1", 1, "news", Json.MAPPER.getNodeFactory().textNode("Hello"),
                "backend-7", Map.of("ios-badge", "2"), 3, null, "osVersion >= '12'", null);
        pin("occurrence.json", o, Occurrence.class);
    }

    @Test
    void scheduledMessage() throws IOException {
        ScheduledMessage m = new ScheduledMessage(META, "APP-1", "msg-1", true, false, "news",
                Json.MAPPER.getNodeFactory().textNode("Hello"), null, Map.of("ios-badge", "2"), 15, null, null,
                Instant.parse("2026-12-03T11:00:00Z"), 3600L, Instant.parse("2026-12-04T11:00:00Z"), null);
        pin("scheduled-message.json", m, ScheduledMessage.class);
        Occurrence second = m.occurrence(2, Instant.parse("2026-12-03T12:00:00Z"));
        assertEquals("msg-1:2", second.occurrenceId());
        assertEquals(second.meta(), m.occurrence(2, Instant.parse("2026-12-03T12:00:00Z")).meta(),
                "a firing handed off twice must be the same event");
    }

    @Test
    void deliveryBatches() throws IOException {
        AndroidPush android = new AndroidPush(new AndroidPush.Notification("T", "B", null),
                new AndroidPush.Android(null, "high", null,
                        new AndroidPush.AndroidNotification("T", "B", null, "default", null, null, null, null, null, null, null)),
                Map.of("message", "Hello"));
        pin("delivery-batch-android.json", new DeliveryBatch(META, "APP-1", "msg-1", 1, Os.ANDROID, 1, android, null,
                List.of(new Recipient("dev-a", "fcm-token"))), DeliveryBatch.class);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("aps", Map.of("badge", 2));
        payload.put("orderId", "A-1");
        pin("delivery-batch-ios.json", new DeliveryBatch(META, "APP-1", "msg-1", 1, Os.IOS, 1, null,
                new IosPush(payload, "alert", 10, null, null), List.of(new Recipient("dev-i", "ab".repeat(32)))), DeliveryBatch.class);
    }

    @Test
    void reports() throws IOException {
        pin("report-audience.json", new DeliveryReport(META, "APP-1", "msg-1", 1, DeliveryReport.Kind.AUDIENCE,
                new DeliveryReport.Audience(2, 1, 1), null, null, null), DeliveryReport.class);
        pin("report-outcomes.json", new DeliveryReport(META, "APP-1", "msg-1", 1, DeliveryReport.Kind.OUTCOMES, null,
                List.of(new DeliveryReport.DeviceOutcome("dev-a", Os.ANDROID, DeliveryReport.Outcome.DELIVERED, null),
                        new DeliveryReport.DeviceOutcome("dev-i", Os.IOS, DeliveryReport.Outcome.TOKEN_INVALID, "Unregistered")),
                null, null), DeliveryReport.class);
        pin("report-schedule.json", new DeliveryReport(META, "APP-1", "msg-1", 2, DeliveryReport.Kind.SCHEDULE, null, null,
                null, new DeliveryReport.Schedule(DeliveryReport.ScheduleState.WAITING, 2,
                        Instant.parse("2026-12-03T10:16:30Z"), 3)), DeliveryReport.class);
        pin("device-invalidation.json", new DeviceInvalidation(META, "APP-1", "dev-i", Os.IOS, "ab".repeat(32),
                "Unregistered", Instant.parse("2026-12-03T10:15:31Z")), DeviceInvalidation.class);
    }

    @Test
    void appSettings() throws IOException {
        pin("app-settings.json", new AppSettings(META, "APP-1", 2,
                new AppSettings.Fcm("shop-prod", "push@shop-prod.iam.gserviceaccount.com", "v1.0011223344556677.c2VhbGVk",
                        Instant.parse("2026-12-03T10:00:00Z")),
                new AppSettings.Apns("ABCDE12345", "KEY1234567", "com.shop.app", true, "v1.0011223344556677.a2V5",
                        Instant.parse("2026-12-03T10:05:00Z"))), AppSettings.class);
        pin("app-settings-none.json", new AppSettings(META, "APP-2", 3, null, null), AppSettings.class);
    }

    private static <T> void pin(String golden, T event, Class<T> type) throws IOException {
        JsonNode expected;
        try (InputStream in = GoldenEventsTest.class.getResourceAsStream("/golden/" + golden)) {
            expected = Json.MAPPER.readTree(in);
        }
        assertEquals(expected, Json.MAPPER.readTree(Json.encode(event)), golden + ": the encoding changed");
        assertEquals(event, Json.decode(expected.toString(), type), golden + ": the decoding changed");
    }
}
