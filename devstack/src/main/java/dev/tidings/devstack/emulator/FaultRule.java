package dev.tidings.devstack.emulator;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an emulator does instead of accepting a notification for a token: answer with a provider error,
 * ask the client to come back later ({@code retryAfterSeconds}), wait first ({@code delayMs}), or both.
 *
 * @param token the device token it applies to, or {@code "*"} for every token
 * @param error the provider's error name (FCM {@code UNREGISTERED}, APNs {@code BadDeviceToken}, ...);
 *     null with a delay only means "accept, but slowly"
 * @param status the HTTP status to answer with; 0 means the provider's usual status for that error
 * @param times how many requests it applies to before it lapses; 0 means every request
 */
public record FaultRule(String token, String error, int status, int retryAfterSeconds, long delayMs, int times) {

    /**
     * Runs the emulator's answer now, or after the rule's delay when there is one, without blocking the event
     * loop. A provider takes a notification when it answers: a client that went away during the delay (its
     * connection or stream closed) gets nothing, and nothing is recorded as received.
     */
    static void answer(io.vertx.core.Vertx vertx, io.vertx.core.http.HttpServerRequest req, java.util.Optional<FaultRule> fault,
                       Runnable answer) {
        long delay = fault.map(FaultRule::delayMs).orElse(0L);
        if (delay > 0) {
            vertx.setTimer(delay, t -> {
                if (!req.response().closed()) {
                    answer.run();
                }
            });
        } else {
            answer.run();
        }
    }

    public boolean matches(String deviceToken) {
        return "*".equals(token) || token.equals(deviceToken);
    }

    /** A rule with a countdown of its remaining uses, held by the inbox. */
    static final class Armed {
        final FaultRule rule;
        private final AtomicInteger remaining;

        Armed(FaultRule rule) {
            this.rule = rule;
            this.remaining = new AtomicInteger(rule.times() <= 0 ? Integer.MAX_VALUE : rule.times());
        }

        int remaining() {
            int n = remaining.get();
            return n == Integer.MAX_VALUE ? -1 : n;
        }

        boolean take(String deviceToken) {
            if (!rule.matches(deviceToken)) {
                return false;
            }
            return remaining.getAndUpdate(n -> n == Integer.MAX_VALUE || n == 0 ? n : n - 1) > 0;
        }
    }
}
