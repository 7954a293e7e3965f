package dev.tidings.dispatcher.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.dispatcher.provider.Answer;
import dev.tidings.dispatcher.provider.Verdict;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    static final RetryPolicy POLICY = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(10));

    @ParameterizedTest(name = "{0} at attempt {1} with {2} requests, Retry-After {3}s -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // verdict   | batch attempt | requests | Retry-After s | expected: FINAL:<outcome> or RETRY:<attempt>:<min ms>:<max ms>
            "DELIVERED      | 1 | 1 | -   | FINAL:DELIVERED",
            "DEAD_TOKEN     | 1 | 1 | -   | FINAL:TOKEN_INVALID",
            "BAD_MESSAGE    | 1 | 1 | -   | FINAL:FAILED",
            "OPERATOR_FAULT | 1 | 0 | -   | FINAL:FAILED",
            "OPERATOR_FAULT | 1 | 1 | 30  | FINAL:FAILED",
            // backoff: the upper half of 1 s, 2 s, 4 s, ... after 1, 2, 3 attempts
            "RETRYABLE      | 1 | 1 | -   | RETRY:2:500:1000",
            "RETRYABLE      | 2 | 1 | -   | RETRY:3:1000:2000",
            "RETRYABLE      | 3 | 1 | -   | RETRY:4:2000:4000",
            // firebase-admin retried twice by itself: three requests used, the next attempt is the fourth
            "RETRYABLE      | 1 | 3 | -   | RETRY:4:2000:4000",
            // Retry-After wins over a shorter backoff, and is capped at the longest delay
            "RETRYABLE      | 1 | 1 | 30  | RETRY:2:30000:30000",
            "RETRYABLE      | 1 | 1 | 0   | RETRY:2:500:1000",
            "RETRYABLE      | 1 | 1 | 900 | RETRY:2:600000:600000",
            // a send that never got out (the pool stopped) still spends one attempt
            "RETRYABLE      | 1 | 0 | -   | RETRY:2:500:1000",
            // the budget: six requests in all, internal retries included
            "RETRYABLE      | 5 | 1 | -   | RETRY:6:8000:16000",
            "RETRYABLE      | 5 | 2 | -   | FINAL:FAILED",
            "RETRYABLE      | 6 | 1 | -   | FINAL:FAILED",
            "RETRYABLE      | 1 | 6 | -   | FINAL:FAILED",
            "RETRYABLE      | 4 | 3 | 10  | FINAL:FAILED",
            "RETRYABLE      | 4 | 2 | 10  | RETRY:6:10000:16000",
            "RETRYABLE      | 4 | 1 | 10  | RETRY:5:10000:10000"})
    void decides(Verdict verdict, int attempt, int requests, Long retryAfter, String expected) {
        Answer answer = new Answer("d", verdict, verdict == Verdict.DELIVERED ? null : "WHY", retryAfter == null ? null
                : Duration.ofSeconds(retryAfter), requests);
        for (long seed = 0; seed < 50; seed++) {
            RetryPolicy.Decision d = POLICY.decide(answer, attempt, new SplittableRandom(seed));
            String[] e = expected.split(":");
            if (e[0].equals("FINAL")) {
                RetryPolicy.Final f = (RetryPolicy.Final) d;
                assertEquals(Outcome.valueOf(e[1]), f.outcome());
            } else {
                RetryPolicy.Retry r = (RetryPolicy.Retry) d;
                assertEquals(Integer.parseInt(e[1]), r.attempt());
                long ms = r.delay().toMillis();
                assertTrue(ms >= Long.parseLong(e[2]) && ms <= Long.parseLong(e[3]), ms + " ms not in " + expected);
            }
        }
    }

    @Test
    void aSpentBudgetSaysSoInTheReason() {
        RetryPolicy.Final f = (RetryPolicy.Final) POLICY.decide(
                new Answer("d", Verdict.RETRYABLE, "QUOTA_EXCEEDED", null, 2), 5, new SplittableRandom(1));
        assertEquals("QUOTA_EXCEEDED (gave up after 6 attempts)", f.reason());
    }

    @Test
    void theBackoffNeverPassesTheLongestDelay() {
        for (int attempts = 1; attempts < 80; attempts++) {
            assertTrue(POLICY.backoff(attempts, new SplittableRandom(attempts)).compareTo(Duration.ofMinutes(10)) <= 0);
        }
    }
}
