package dev.tidings.dispatcher.delivery;

import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.dispatcher.provider.Answer;
import dev.tidings.dispatcher.provider.Verdict;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * What becomes of a device after its provider answered: a final outcome, or a retry after a delay.
 * Retryable answers are tried again with exponential backoff and jitter (the wait before attempt n+1 is
 * drawn from the upper half of {@code firstDelay * 2^(n-1)}, capped at {@code maxDelay}), never sooner than
 * the provider's {@code Retry-After}, until {@code maxAttempts} provider requests were made for the device,
 * the client library's own retries counted. Pure.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    public sealed interface Decision {
    }

    /** @param reason null when delivered */
    public record Final(Outcome outcome, String reason) implements Decision {
    }

    /** @param attempt the number the next provider request for the device will have */
    public record Retry(int attempt, Duration delay) implements Decision {
    }

    /**
     * @param firstAttempt the attempt number of the batch the answer came from: its first request for the
     *     device was that attempt
     */
    public Decision decide(Answer answer, int firstAttempt, RandomGenerator random) {
        if (answer.verdict() != Verdict.RETRYABLE) {
            return new Final(answer.verdict().outcome(), answer.reason());
        }
        int used = Math.max(firstAttempt, 1) - 1 + Math.max(answer.attempts(), 1);
        if (used >= maxAttempts) {
            return new Final(Outcome.FAILED, answer.reason() + " (gave up after " + used + " attempts)");
        }
        Duration delay = backoff(used, random);
        if (answer.retryAfter() != null && answer.retryAfter().compareTo(delay) > 0) {
            delay = min(answer.retryAfter(), maxDelay);
        }
        return new Retry(used + 1, delay);
    }

    /** The wait after {@code attempts} attempts: half of the doubled delay plus a random part of the other half. */
    Duration backoff(int attempts, RandomGenerator random) {
        long full = firstDelay.toMillis();
        for (int i = 1; i < attempts && full < maxDelay.toMillis(); i++) {
            full *= 2;
        }
        full = Math.min(full, maxDelay.toMillis());
        long half = full / 2;
        return Duration.ofMillis(half + (full - half == 0 ? 0 : random.nextLong(full - half + 1)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
