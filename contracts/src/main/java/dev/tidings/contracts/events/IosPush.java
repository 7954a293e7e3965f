package dev.tidings.contracts.events;

import java.util.Map;

/**
 * An APNs request without its device token, as rendered by template-service.
 *
 * @param payload the JSON body exactly as APNs receives it: {@code aps} plus custom top-level keys
 * @param pushType the {@code apns-push-type} header ({@code alert} or {@code background})
 * @param priority the {@code apns-priority} header (10 immediate, 5 power-considerate)
 * @param collapseId the {@code apns-collapse-id} header, or null
 * @param expiration the {@code apns-expiration} header in epoch seconds, or null for none
 */
public record IosPush(Map<String, Object> payload, String pushType, Integer priority, String collapseId, Long expiration) {
}
