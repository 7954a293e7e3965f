package dev.tidings.dispatcher.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void startsNoMoreThanTheLimitAndTheRestInOrderAsSlotsFree() {
        InFlightLimit limit = new InFlightLimit(2);
        List<CompletableFuture<Integer>> sends = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            CompletableFuture<Integer> send = new CompletableFuture<>();
            sends.add(send);
            results.add(limit.submit(() -> {
                started.add(n);
                return send;
            }));
        }
        assertEquals(List.of(0, 1), started);
        assertEquals(2, limit.inFlight());
        sends.get(1).complete(1);
        assertEquals(List.of(0, 1, 2), started);
        assertEquals(1, results.get(1).join());
        sends.get(0).completeExceptionally(new IllegalStateException("refused"));
        assertEquals(List.of(0, 1, 2, 3), started);
        assertTrue(results.get(0).isCompletedExceptionally());
        sends.get(2).complete(2);
        sends.get(3).complete(3);
        sends.get(4).complete(4);
        assertEquals(List.of(0, 1, 2, 3, 4), started);
        assertEquals(0, limit.inFlight());
    }

    @Test
    void aTimeoutFreesTheSlotWhateverTheSendStillDoes() {
        InFlightLimit limit = new InFlightLimit(1);
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<String> first = limit.submit(() -> never.thenApply(x -> x).completeOnTimeout("timed out", 50, TimeUnit.MILLISECONDS));
        CompletableFuture<String> second = limit.submit(() -> CompletableFuture.completedFuture("sent"));
        assertFalse(second.isDone());
        assertEquals("timed out", first.join());
        assertEquals("sent", second.join());
    }

    @Test
    void sendsThatCompleteAtOnceDoNotNestTheQueue() {
        InFlightLimit limit = new InFlightLimit(1);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        limit.submit(() -> gate);
        AtomicInteger ran = new AtomicInteger();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            queued.add(limit.submit(() -> CompletableFuture.completedFuture(ran.incrementAndGet())));
        }
        gate.complete(null);
        assertEquals(100_000, ran.get());
        assertEquals(100_000, queued.get(queued.size() - 1).join());
        assertEquals(0, limit.inFlight());
    }

    @Test
    void aSendThatThrowsFreesItsSlot() {
        InFlightLimit limit = new InFlightLimit(1);
        CompletableFuture<Object> failed = limit.submit(() -> {
            throw new IllegalStateException("pool stopped");
        });
        assertTrue(failed.isCompletedExceptionally());
        assertEquals(0, limit.inFlight());
        assertThrows(IllegalArgumentException.class, () -> new InFlightLimit(0));
    }
}
