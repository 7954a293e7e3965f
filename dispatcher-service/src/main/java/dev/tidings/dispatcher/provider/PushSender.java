package dev.tidings.dispatcher.provider;

import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.Recipient;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one batch through a provider: one answer per recipient, in the batch's order, each completing as
 * soon as the provider answered for that device (or its send timed out). An answer never completes
 * exceptionally.
 */
public interface PushSender {
    List<CompletableFuture<Answer>> send(DeliveryBatch batch);

    /** Whether the provider client is built and its credentials loaded. */
    boolean ready();

    /** Why it is not ready, for health checks and failed outcomes. */
    String problem();

    /** The same answer for every recipient, when a batch cannot be sent at all. */
    static List<CompletableFuture<Answer>> notSent(List<Recipient> recipients, String reason) {
        return recipients.stream().map(r -> CompletableFuture.completedFuture(Answer.notSent(r.deviceId(), reason))).toList();
    }
}
