package dev.tidings.contracts.events;

import dev.tidings.contracts.template.PushTemplate;
import java.util.Map;

/**
 * A push template as it was when the send was accepted, and the send's {@code templateValues} (as text).
 * Carried in the occurrences, so editing or deleting the template later changes no message already sent or
 * scheduled.
 */
public record TemplateSend(PushTemplate template, Map<String, String> values) {
}
