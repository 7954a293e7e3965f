package dev.tidings.dispatcher.provider;

import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Sends one batch through a provider and answers with one outcome per recipient. Never fails as a whole. */
public interface PushSender {
    CompletionStage<List<DeviceOutcome>> send(DeliveryBatch batch);

    /** Whether the provider client is built and its credentials loaded. */
    boolean ready();

    /** Why it is not ready, for health checks and failed outcomes. */
    String problem();
}
