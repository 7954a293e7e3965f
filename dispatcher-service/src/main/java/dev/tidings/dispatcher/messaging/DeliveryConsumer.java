package dev.tidings.dispatcher.messaging;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.contracts.events.DeviceInvalidation;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.dispatcher.apps.AppRegistry;
import dev.tidings.dispatcher.provider.CredentialMismatch;
import dev.tidings.dispatcher.provider.PushSender;
import dev.tidings.dispatcher.provider.apns.ApnsSender;
import dev.tidings.dispatcher.provider.fcm.FcmSender;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Per-OS consumers: each batch goes to its provider, then its outcomes go to the gateway and its dead
 * tokens to template-service. The batch's offset is committed only after both were acknowledged.
 */
@ApplicationScoped
public class DeliveryConsumer {
    private final FcmSender fcm;
    private final ApnsSender apns;
    private final MutinyEmitter<String> results;
    private final MutinyEmitter<String> invalidations;
    private final AppRegistry apps;

    public DeliveryConsumer(FcmSender fcm, ApnsSender apns, AppRegistry apps,
                            @Channel(Topics.DELIVERY_RESULTS) MutinyEmitter<String> results,
                            @Channel(Topics.DEVICE_INVALIDATIONS) MutinyEmitter<String> invalidations) {
        this.fcm = fcm;
        this.apns = apns;
        this.results = results;
        this.invalidations = invalidations;
        this.apps = apps;
    }

    @Incoming(Topics.DELIVERIES_ANDROID)
    public Uni<Void> android(String json) {
        return deliver(Json.decode(json, DeliveryBatch.class), fcm);
    }

    @Incoming(Topics.DELIVERIES_IOS)
    public Uni<Void> ios(String json) {
        return deliver(Json.decode(json, DeliveryBatch.class), apns);
    }

    private Uni<Void> deliver(DeliveryBatch batch, PushSender sender) {
        // an app's own credential must be known before its first delivery, or it would go out on the default
        return Uni.createFrom().completionStage(apps::loaded)
                .chain(() -> Uni.createFrom().completionStage(() -> sender.send(batch)))
                .map(CredentialMismatch::review)
                .chain(outcomes -> {
            List<Uni<Void>> sends = new ArrayList<>();
            sends.add(send(results, batch.messageId(),
                    DeliveryReport.outcomes(batch.appId(), batch.messageId(), batch.occurrence(), outcomes)));
            Map<String, String> tokens = batch.recipients().stream()
                    .collect(Collectors.toMap(Recipient::deviceId, Recipient::token, (a, b) -> a));
            Instant now = Instant.now();
            for (DeviceOutcome o : outcomes) {
                if (o.outcome() == Outcome.TOKEN_INVALID) {
                    sends.add(send(invalidations, o.deviceId(), new DeviceInvalidation(EventMeta.now(), batch.appId(),
                            o.deviceId(), o.os(), tokens.get(o.deviceId()), o.reason(), now)));
                }
            }
            return Uni.join().all(sends).andFailFast().replaceWithVoid();
        });
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, String key, Object event) {
        return emitter.sendMessage(Message.of(Json.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
