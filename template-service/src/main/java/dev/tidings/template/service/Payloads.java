package dev.tidings.template.service;

import dev.tidings.contracts.Os;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.TemplateSend;
import dev.tidings.contracts.push.PushRenderer;
import dev.tidings.contracts.template.PushTemplate;
import dev.tidings.contracts.template.SmartText;
import dev.tidings.contracts.template.TemplateRenderer;
import dev.tidings.template.repository.AudienceRepository.Member;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What an occurrence says to each recipient. A plain publish, or a template whose text does not differ per
 * recipient, is rendered once ({@link #shared}); a template with {@code {Users.x}} or {@code {Devices.x}}
 * is rendered for each recipient ({@link #render}), whose payload is then checked against the providers'
 * size limit on its own.
 */
public final class Payloads {
    private final TemplateSend template;
    private final Instant firingAt;
    private final boolean personal;
    private final AndroidPush android;
    private final IosPush ios;

    /** A rendered payload for one recipient, or the reason it cannot be sent. */
    public record Rendered(AndroidPush android, IosPush ios, String problem) {
    }

    /** @throws IllegalArgumentException when the shared payload is invalid or too large: nobody can get it */
    public static Payloads of(Occurrence o) {
        return new Payloads(o);
    }

    private Payloads(Occurrence o) {
        this.template = o.template();
        this.firingAt = o.meta() == null ? Instant.now() : o.meta().occurredAt();
        if (template == null) {
            Map<String, String> headers = o.headers() == null ? Map.of() : o.headers();
            this.personal = false;
            this.android = PushRenderer.android(o.message(), headers);
            this.ios = PushRenderer.ios(o.message(), headers);
        } else {
            this.personal = TemplateRenderer.isPersonal(template.template());
            PushTemplate shared = TemplateRenderer.personalise(template.template(), SmartText.Sources.of(template.values()));
            String problem = personal ? null : TemplateRenderer.urlProblem(shared);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            this.android = personal ? null : TemplateRenderer.android(shared);
            this.ios = personal ? null : TemplateRenderer.ios(shared, firingAt);
        }
        if (!personal) {
            PushRenderer.checkSize(android, ios);
        }
    }

    /** Whether every recipient needs a payload of its own (and its user's properties to render it). */
    public boolean personal() {
        return personal;
    }

    /** The Android payload every recipient gets; null for a personal template. */
    public AndroidPush sharedAndroid() {
        return android;
    }

    /** The iOS payload every recipient gets; null for a personal template. */
    public IosPush sharedIos() {
        return ios;
    }

    /** The payload of one recipient of a personal template; {@code user} holds its user's properties (empty for none). */
    public Rendered render(Member m, Map<String, String> user) {
        Map<String, String> device = new HashMap<>(m.properties() == null ? Map.of() : Properties.asText(m.properties()));
        device.put("deviceId", m.deviceId());
        device.put("os", m.os().name());
        putIfPresent(device, "osVersion", m.osVersion());
        putIfPresent(device, "userId", m.userId());
        PushTemplate t = TemplateRenderer.personalise(template.template(),
                new SmartText.Sources(template.values() == null ? Map.of() : template.values(), user, device));
        String problem = TemplateRenderer.urlProblem(t);
        if (problem != null) {
            return new Rendered(null, null, problem);
        }
        if (m.os() == Os.IOS) {
            IosPush push = TemplateRenderer.ios(t, firingAt);
            return new Rendered(null, push, PushRenderer.iosTooLarge(push));
        }
        AndroidPush push = TemplateRenderer.android(t);
        return new Rendered(push, null, PushRenderer.androidTooLarge(push));
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
