package dev.tidings.template;

import dev.tidings.contracts.Os;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A validated registration request: who the device is, its token, the channels it joins, and its
 * custom properties (a JSON object of strings, numbers and booleans) for segment queries and smart text,
 * and the user it belongs to ({@code userId}, null for none), whose properties fill {@code {Users.x}}.
 */
public record Registration(String deviceId, String token, Os os, String osVersion, List<String> channels, Instant expiration,
                           Map<String, Object> properties, String userId) {
}
