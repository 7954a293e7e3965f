package dev.tidings.dispatcher.delivery;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.dispatcher.config.DispatcherConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Hands retries back to the deliveries topics when they are due, on every replica: each claims due rows
 * the others do not hold, sends them, and deletes them once Kafka acknowledged. A crash in between sends
 * a retry twice, under the same key (so to the same partition, one after the other), and the ledger makes
 * the second a no-op. Also prunes the ledger now and then.
 */
@ApplicationScoped
public class RetryForwarder {
    private static final Logger LOG = Logger.getLogger(RetryForwarder.class);
    private static final int CLAIM = 200;

    private final Ledger ledger;
    private final Duration interval;
    private final MutinyEmitter<String> android;
    private final MutinyEmitter<String> ios;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retry-forwarder");
        t.setDaemon(true);
        return t;
    });
    private long lastPrune;

    public RetryForwarder(Ledger ledger, DispatcherConfig config,
                          @Channel("retries-android") MutinyEmitter<String> android,
                          @Channel("retries-ios") MutinyEmitter<String> ios) {
        this.ledger = ledger;
        this.interval = config.retry().pollInterval();
        this.android = android;
        this.ios = ios;
    }

    void start(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops forwarding (the dispatcher is draining); what is stored stays for the other replicas. */
    public void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void round() {
        try {
            while (ledger.forwardDue(CLAIM, this::handOff) == CLAIM) {
                // a full claim: more may be due
            }
            if (System.nanoTime() - lastPrune > TimeUnit.MINUTES.toNanos(10)) {
                lastPrune = System.nanoTime();
                // in slices, each its own short transaction, until nothing older than the retention is left
                long pruned = 0;
                for (int slice = ledger.prune(); ; slice = ledger.prune()) {
                    pruned += slice;
                    if (slice < Ledger.PRUNE_SLICE) {
                        break;
                    }
                }
                if (pruned > 0) {
                    LOG.infof("ledger: forgot %d outcomes older than the retention", pruned);
                }
            }
        } catch (Exception e) {
            if (!Thread.currentThread().isInterrupted()) {
                LOG.warnf("retries not forwarded this round: %s", e.getMessage());
            }
        }
    }

    /** Sends the retries and answers the ids Kafka acknowledged. */
    private List<Long> handOff(List<Ledger.DueRetry> due) {
        List<Uni<Long>> sends = new ArrayList<>(due.size());
        for (Ledger.DueRetry r : due) {
            MutinyEmitter<String> emitter = r.os() == Os.IOS ? ios : android;
            sends.add(emitter.sendMessage(Message.of(Json.encode(r.batch()))
                            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey("retry-" + r.id()).build()))
                    .replaceWith(r.id())
                    .ifNoItem().after(Duration.ofSeconds(60)).fail()
                    .onFailure().invoke(e -> LOG.warnf("retry %d not forwarded: %s", r.id(), e.getMessage()))
                    .onFailure().recoverWithNull());
        }
        return Uni.join().all(sends).andCollectFailures().await().indefinitely().stream().filter(java.util.Objects::nonNull).toList();
    }
}
