package dev.tidings.template;

import dev.tidings.contracts.Os;
import java.time.Instant;
import java.util.List;

/** A validated registration request: who the device is, its token, and the channels it joins. */
public record Registration(String deviceId, String token, Os os, String osVersion, List<String> channels, Instant expiration) {
}
