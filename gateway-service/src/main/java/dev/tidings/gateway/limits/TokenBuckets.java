package dev.tidings.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key: {@code burst} calls at once, refilled at {@code perSecond}. Pure apart from
 * the clock the caller passes in; thread-safe.
 */
public final class TokenBuckets {
    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public TokenBuckets(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a rate above 0 and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /**
     * Takes one call from the key's bucket.
     *
     * @param nowNanos a monotonic clock ({@link System#nanoTime()})
     * @return 0 when the call may go ahead, else the nanoseconds until it could
     */
    public long take(String key, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (nowNanos - b.at) / 1e9 * perSecond);
            b.at = nowNanos;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) / perSecond * 1e9);
        }
    }
}
