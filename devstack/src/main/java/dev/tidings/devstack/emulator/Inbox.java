package dev.tidings.devstack.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What an emulator received, in arrival order, and the fault rules it applies. Thread-safe. */
public final class Inbox {
    /**
     * One request as the emulator saw it.
     *
     * @param payload the body exactly as received (for FCM the whole {@code message} object)
     * @param headers the request headers that describe the notification (APNs), or the project the send was for (FCM)
     * @param status the HTTP status the emulator answered with
     * @param error the provider error it answered with, or null when accepted
     */
    public record Received(long seq, Instant receivedAt, String token, Map<String, String> headers, JsonNode payload,
                           int status, String error) {
    }

    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final List<FaultRule.Armed> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

    public void record(String token, Map<String, String> headers, JsonNode payload, int status, String error) {
        received.add(new Received(seq.incrementAndGet(), Instant.now(), token, headers, payload, status, error));
        if (status == 200) {
            accepted.incrementAndGet();
        }
    }

    /** Requests answered with 200 since the emulator started (clearing the inbox does not reset it). */
    public long accepted() {
        return accepted.get();
    }

    public List<Received> received(String token) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (token == null || token.equals(r.token())) {
                out.add(r);
            }
        }
        return out;
    }

    public long count() {
        return seq.get();
    }

    public int clear() {
        int n = received.size();
        received.clear();
        return n;
    }

    public void addRule(FaultRule rule) {
        rules.add(new FaultRule.Armed(rule));
    }

    public List<FaultRule> rules() {
        return rules.stream().map(a -> a.rule).toList();
    }

    /** The rules with how many more requests each will hit (-1: every request). */
    public List<Map<String, Object>> armedRules() {
        return rules.stream().map(a -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>(Json.MAPPER.convertValue(a.rule, Map.class));
            m.put("remaining", a.remaining());
            return m;
        }).toList();
    }

    public void clearRules() {
        rules.clear();
    }

    /** The first rule that still applies to this token, using up one of its uses. */
    public Optional<FaultRule> faultFor(String token) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        for (FaultRule.Armed armed : rules) {
            if (armed.take(token)) {
                return Optional.of(armed.rule);
            }
        }
        return Optional.empty();
    }
}
