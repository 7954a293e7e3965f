package dev.tidings.dispatcher.messaging;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.dispatcher.config.DispatcherConfig;
import dev.tidings.dispatcher.delivery.Dispatch;
import dev.tidings.dispatcher.delivery.RetryForwarder;
import dev.tidings.dispatcher.provider.PushSender;
import dev.tidings.dispatcher.provider.apns.ApnsSender;
import dev.tidings.dispatcher.provider.fcm.FcmSender;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Per-OS consumers of the deliveries topics. A batch's offset is committed once every device in it has a
 * final outcome reported or a retry stored. On shutdown the consumers pause, the batches in flight are
 * finished, and only then may the provider clients close (their observers run after this one).
 */
@ApplicationScoped
public class DeliveryConsumer {
    private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);

    private final FcmSender fcm;
    private final ApnsSender apns;
    private final Dispatch dispatch;
    private final RetryForwarder retries;
    private final KafkaClientService kafka;
    private final Duration drainTimeout;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong finished = new AtomicLong();
    private volatile boolean closing;

    public DeliveryConsumer(FcmSender fcm, ApnsSender apns, Dispatch dispatch, RetryForwarder retries,
                            KafkaClientService kafka, DispatcherConfig config) {
        this.fcm = fcm;
        this.apns = apns;
        this.dispatch = dispatch;
        this.retries = retries;
        this.kafka = kafka;
        this.drainTimeout = config.drainTimeout();
    }

    @Incoming(Topics.DELIVERIES_ANDROID)
    public Uni<Void> android(String json) {
        return deliver(json, fcm);
    }

    @Incoming(Topics.DELIVERIES_IOS)
    public Uni<Void> ios(String json) {
        return deliver(json, apns);
    }

    private Uni<Void> deliver(String json, PushSender sender) {
        if (closing) {
            // fetched before the pause: left unacknowledged, for the consumer that takes the partition over
            return Uni.createFrom().nothing();
        }
        DeliveryBatch batch = Json.decode(json, DeliveryBatch.class);
        // the record's own context: what is logged while it is handled names its app and message
        org.jboss.logging.MDC.put("appId", batch.appId());
        org.jboss.logging.MDC.put("messageId", batch.messageId());
        inFlight.incrementAndGet();
        CompletableFuture<Void> done = dispatch.deliver(batch, sender).handle((x, error) -> {
            inFlight.decrementAndGet();
            if (error == null) {
                finished.incrementAndGet();
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (closing) {
                // cut off by the shutdown: neither acknowledged nor dead-lettered, so it is delivered again
                LOG.infof("batch of %s left for the next consumer: %s", batch.occurrenceId(), error.getMessage());
                return new CompletableFuture<Void>();
            }
            return CompletableFuture.<Void>failedFuture(error);
        }).thenCompose(f -> f);
        return Uni.createFrom().completionStage(done);
    }

    /** Runs before the senders' and the ledger's shutdown observers. */
    void drain(@Observes @Priority(1000) ShutdownEvent event) throws InterruptedException {
        closing = true;
        for (String channel : new String[] {Topics.DELIVERIES_ANDROID, Topics.DELIVERIES_IOS}) {
            // every consumer of the channel: its copies are named channel$1, channel$2, ... (TIDINGS_DISPATCH_CONSUMERS)
            List<KafkaConsumer<Object, Object>> consumers = new ArrayList<>(kafka.getConsumers(channel));
            for (int copy = 1; copy <= 64; copy++) {
                consumers.addAll(kafka.getConsumers(channel + "$" + copy));
            }
            for (var consumer : consumers) {
                try {
                    consumer.pause().await().atMost(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.warnf("could not pause a consumer of %s: %s", channel, e.getMessage());
                }
            }
        }
        retries.stop();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        LOG.infof("stopping: %d batches finished since start, %d still in flight", finished.get(), inFlight.get());
    }
}
