package dev.tidings.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.events.TemplateSend;
import dev.tidings.contracts.push.PushRenderer;
import dev.tidings.contracts.template.PushTemplate;
import dev.tidings.contracts.template.SmartText;
import dev.tidings.contracts.template.TemplateRenderer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code POST /messaging/push/{templateName}}: optional {@code templateValues} (names to strings,
 * numbers or booleans) and the same {@code publishAt}, {@code repeatEvery} and {@code repeatExpiresAt} as
 * a publish. The audience is the template's.
 */
public final class TemplateSendParser {
    static final int MAX_VALUES = 100;
    static final int MAX_VALUE_LENGTH = 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final java.util.List<String> FIELDS = java.util.List.of("templateValues", "publishAt", "repeatEvery",
            "repeatExpiresAt");

    /**
     * @param body the request body; empty means no values, sent now
     * @throws ApiException 400 for a body, value or timing that cannot be used
     */
    public static PublishRequest parse(byte[] body, PushTemplate template, Instant now) {
        JsonNode json = body == null || body.length == 0 ? Json.MAPPER.createObjectNode() : PublishRequestParser.readJson(body);
        if (!json.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "the body must be a JSON object");
        }
        json.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw invalid("unknown field " + f + " for a template send; it takes " + FIELDS
                        + " (the template decides the audience and the content)");
            }
        });
        Map<String, String> values = values(json.get("templateValues"));
        Timing timing = Timing.parse(json, now);
        if (!TemplateRenderer.isPersonal(template)) {
            // the same for every recipient: too large for one is too large for all, so say so now
            PushTemplate rendered = TemplateRenderer.personalise(template, SmartText.Sources.of(values));
            String problem = TemplateRenderer.urlProblem(rendered);
            if (problem != null) {
                throw invalid(problem + " with these templateValues");
            }
            try {
                PushRenderer.checkSize(TemplateRenderer.android(rendered), TemplateRenderer.ios(rendered, now));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(ErrorCodes.PAYLOAD_TOO_LARGE, e.getMessage() + " with these templateValues");
            }
        }
        PushTemplate.Audience audience = template.audience();
        int mask = 0;
        for (String os : audience.platforms()) {
            mask |= Os.valueOf(os).bit();
        }
        return new PublishRequest(Json.MAPPER.getNodeFactory().textNode(template.content().message()), null, Map.of(),
                PublishPolicy.PUSH, mask, null, audience.segmentQuery(), timing, new TemplateSend(template, values));
    }

    private static Map<String, String> values(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            throw invalid("templateValues must be an object of names to strings, numbers or booleans");
        }
        if (node.size() > MAX_VALUES) {
            throw invalid("templateValues may have at most " + MAX_VALUES + " entries");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!NAME.matcher(f.getKey()).matches()) {
                throw invalid("templateValues: \"" + f.getKey() + "\" is not a placeholder name (letters, digits and '_',"
                        + " up to 64, not starting with a digit)");
            }
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            if (!v.isValueNode()) {
                throw invalid("templateValues." + f.getKey() + " must be a string, number or boolean");
            }
            String text = SmartText.text(v);
            if (text.length() > MAX_VALUE_LENGTH) {
                throw invalid("templateValues." + f.getKey() + " may have at most " + MAX_VALUE_LENGTH + " characters");
            }
            values.put(f.getKey(), text);
        }
        return values;
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCodes.INVALID_FIELD, message);
    }

    private TemplateSendParser() {
    }
}
