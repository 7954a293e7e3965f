package dev.tidings.dispatcher.provider;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code max} sends in flight on one provider client; the others wait in order, without a thread
 * each. A slot is free again as soon as its send completes, which includes its timeout firing. Thread-safe.
 */
public final class InFlightLimit {
    /** starts handed over while a start already runs on this thread: run after it, not inside it */
    private static final ThreadLocal<Deque<Runnable>> PENDING = new ThreadLocal<>();

    private final int max;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    public InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the limit of sends in flight must be at least 1, not " + max);
        }
        this.max = max;
    }

    /** Starts the send now if a slot is free, else once one is; the result completes with the send's. */
    public <T> CompletableFuture<T> submit(Supplier<? extends CompletableFuture<T>> send) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> f;
            try {
                f = send.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((value, error) -> {
                release();
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        };
        synchronized (this) {
            if (inFlight >= max) {
                waiting.add(start);
                return result;
            }
            inFlight++;
        }
        trampolined(start);
        return result;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        trampolined(next);
    }

    /** Sends that complete at once would otherwise start the next inside themselves, as deep as the queue. */
    private static void trampolined(Runnable r) {
        Deque<Runnable> queue = PENDING.get();
        if (queue != null) {
            queue.add(r);
            return;
        }
        queue = new ArrayDeque<>();
        PENDING.set(queue);
        try {
            for (Runnable next = r; next != null; next = queue.poll()) {
                next.run();
            }
        } finally {
            PENDING.remove();
        }
    }
}
