package dev.tidings.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstGoesThroughThenCallsWaitForTheRate() {
        TokenBuckets buckets = new TokenBuckets(2, 3);
        long t = 5 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, buckets.take("app", t), "call " + i + " of the burst");
        }
        long wait = buckets.take("app", t);
        assertEquals(SECOND / 2, wait, "at 2 per second the next token comes in half a second");
        assertTrue(buckets.take("app", t + SECOND / 4) > 0, "not yet");
        assertEquals(0, buckets.take("app", t + SECOND / 2));
        // a long pause refills to the burst, not beyond
        long later = t + 60 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, buckets.take("app", later));
        }
        assertTrue(buckets.take("app", later) > 0);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        TokenBuckets buckets = new TokenBuckets(1, 1);
        assertEquals(0, buckets.take("a", 0));
        assertTrue(buckets.take("a", 0) > 0);
        assertEquals(0, buckets.take("b", 0));
    }

    @Test
    void aLimitNeedsARateAndABurst() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(1, 0));
    }
}
