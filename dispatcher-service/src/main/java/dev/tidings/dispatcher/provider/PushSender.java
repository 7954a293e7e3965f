package dev.tidings.dispatcher.provider;

import dev.tidings.contracts.Os;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.Recipient;
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

    /** The same failed outcome for every recipient, when a batch cannot be sent at all. */
    static List<DeviceOutcome> allFailed(List<Recipient> recipients, Os os, String reason) {
        return recipients.stream()
                .map(r -> new DeviceOutcome(r.deviceId(), os, DeliveryReport.Outcome.FAILED, reason))
                .toList();
    }
}
