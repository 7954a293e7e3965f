package dev.tidings.dispatcher.delivery;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.contracts.events.DeviceInvalidation;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.dispatcher.apps.AppRegistry;
import dev.tidings.dispatcher.config.DispatcherConfig;
import dev.tidings.dispatcher.provider.Answer;
import dev.tidings.dispatcher.provider.CredentialMismatch;
import dev.tidings.dispatcher.provider.PushSender;
import dev.tidings.dispatcher.provider.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One batch, from the ledger to the provider and back: its devices are claimed in the ledger, and only
 * those claimed are sent (one already answered has its outcome reported again, harmlessly; one another
 * consumer is sending is checked again after the claim timeout); each delivery is recorded as it is
 * answered; retryable answers wait in the retry store for their next attempt, unreported, so the status
 * counts them as pending; final outcomes go to the gateway and dead tokens to template-service, once the
 * ledger holds them.
 */
@ApplicationScoped
public class Dispatch {
    private static final Logger LOG = Logger.getLogger(Dispatch.class);

    private final Ledger ledger;
    private final AppRegistry apps;
    private final RetryPolicy policy;
    private final MeterRegistry metrics;
    private final java.util.concurrent.ConcurrentMap<String, io.micrometer.core.instrument.Timer> sendTimers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final MutinyEmitter<String> results;
    private final MutinyEmitter<String> invalidations;

    public Dispatch(Ledger ledger, AppRegistry apps, DispatcherConfig config, MeterRegistry metrics,
                    @Channel(Topics.DELIVERY_RESULTS) MutinyEmitter<String> results,
                    @Channel(Topics.DEVICE_INVALIDATIONS) MutinyEmitter<String> invalidations) {
        this.ledger = ledger;
        this.apps = apps;
        this.metrics = metrics;
        this.results = results;
        this.invalidations = invalidations;
        DispatcherConfig.Retry retry = config.retry();
        this.policy = new RetryPolicy(retry.maxAttempts(), retry.firstDelay(), retry.maxDelay());
    }

    /** Completes once every device of the batch has a final outcome reported or a retry stored. */
    public CompletableFuture<Void> deliver(DeliveryBatch batch, PushSender sender) {
        // an app's own credential must be known before its first delivery, or it would go out on the default
        return apps.loaded().toCompletableFuture()
                .thenCompose(x -> ledger.claim(batch))
                .thenCompose(claim -> {
                    List<Recipient> toSend = new ArrayList<>();
                    List<Ledger.Entry> known = new ArrayList<>();
                    List<Recipient> elsewhere = new ArrayList<>();
                    for (Recipient r : batch.recipients()) {
                        Ledger.Entry e = claim.others().get(r.deviceId());
                        if (claim.claimed().contains(r.deviceId())) {
                            toSend.add(r);
                        } else if (e != null && e.isFinal()) {
                            known.add(e);
                        } else if (e != null && e.isBeingSent()) {
                            // another consumer has it now; if that one dies, this check finds the claim abandoned
                            elsewhere.add(r);
                        }
                        // else it waits for another attempt's batch, which will send it
                    }
                    if (toSend.size() < batch.recipients().size()) {
                        metrics.counter("tidings.dispatch.already.claimed", "provider", provider(batch.os()))
                                .increment(batch.recipients().size() - toSend.size());
                    }
                    return claimed(batch, toSend, sender, known, elsewhere);
                });
    }

    /**
     * What follows the claim. The claims are kept fresh while the batch is sent; should anything still
     * fail (a bug, bad data the database refuses), the claims are given up before the batch goes to its
     * dead-letter topic, so that replaying it from there sends its devices.
     */
    private CompletableFuture<Void> claimed(DeliveryBatch batch, List<Recipient> toSend, PushSender sender,
                                            List<Ledger.Entry> known, List<Recipient> elsewhere) {
        List<String> ids = toSend.stream().map(Recipient::deviceId).toList();
        long every = Math.max(1, ledger.claimTimeout().toMillis() / 3);
        ScheduledFuture<?> heartbeat = ids.isEmpty() ? null
                : HEARTBEAT.scheduleWithFixedDelay(() -> ledger.refresh(batch, ids), every, every, TimeUnit.MILLISECONDS);
        CompletableFuture<Void> done = send(batch, toSend, sender)
                .thenCompose(answers -> settle(batch, toSend, answers, known, elsewhere));
        return done.whenComplete((x, error) -> {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            if (error != null && !ids.isEmpty()) {
                LOG.errorf(error, "batch of %s failed after its devices were claimed; claims released", batch.occurrenceId());
                ledger.release(batch, ids);
            }
        });
    }

    private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "claim-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** Sends, and records each delivery as soon as it is answered. */
    private CompletableFuture<List<Answer>> send(DeliveryBatch batch, List<Recipient> toSend, PushSender sender) {
        if (toSend.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<Answer>> answers;
        long started = System.nanoTime();
        try {
            answers = sender.send(new DeliveryBatch(batch.meta(), batch.appId(), batch.messageId(),
                    batch.occurrence(), batch.os(), batch.attempt(), batch.android(), batch.ios(), toSend));
        } catch (RuntimeException e) {
            // nothing of it went out as far as we know: every device waits for a retry
            LOG.errorf(e, "the %s sender failed on a batch of %s", provider(batch.os()), batch.occurrenceId());
            answers = toSend.stream().map(r -> CompletableFuture.completedFuture(
                    new Answer(r.deviceId(), Verdict.RETRYABLE, "not sent: " + e, null, 0))).toList();
        }
        List<CompletableFuture<Answer>> recorded = new ArrayList<>(answers.size());
        String provider = provider(batch.os());
        for (CompletableFuture<Answer> answer : answers) {
            // from the hand-over to the provider client (its in-flight limit included) until the answer
            answer.thenAccept(a -> sendTimer(provider, a.verdict())
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS));
            recorded.add(answer.thenCompose(a -> a.verdict() != Verdict.DELIVERED ? CompletableFuture.completedFuture(a)
                    : ledger.delivered(batch.appId(), batch.occurrenceId(), a.deviceId(), batch.os())
                            // it was delivered whatever the ledger says: report it; only a redelivery could send it again
                            .exceptionally(e -> {
                                LOG.warnf("delivery of %s to %s not recorded: %s", batch.occurrenceId(), a.deviceId(), e.getMessage());
                                return null;
                            })
                            .thenApply(x -> a)));
        }
        return CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new))
                .thenApply(x -> recorded.stream().map(CompletableFuture::join).toList());
    }

    /** One timer per provider and verdict, built once: this runs for every notification. */
    private io.micrometer.core.instrument.Timer sendTimer(String provider, Verdict verdict) {
        return sendTimers.computeIfAbsent(provider + "/" + verdict, k -> io.micrometer.core.instrument.Timer
                .builder("tidings.provider.send")
                .description("time from handing a notification to the provider client until its answer")
                .tag("provider", provider).tag("verdict", verdict.name())
                .publishPercentileHistogram()
                .register(metrics));
    }

    private CompletableFuture<Void> settle(DeliveryBatch batch, List<Recipient> sent, List<Answer> answers, List<Ledger.Entry> known,
                                           List<Recipient> elsewhere) {
        String provider = provider(batch.os());
        Instant now = Instant.now();
        List<DeviceOutcome> outcomes = new ArrayList<>();
        List<Ledger.Decided> decided = new ArrayList<>();
        List<Ledger.Waiting> waiting = new ArrayList<>();
        List<DeviceInvalidation> dead = new ArrayList<>();
        // retries by attempt number: one batch each, due when its slowest device may be tried again
        Map<Integer, List<Recipient>> retryRecipients = new TreeMap<>();
        Map<Integer, Duration> retryDelays = new TreeMap<>();
        List<Answer> reviewed = CredentialMismatch.review(answers);
        for (int i = 0; i < reviewed.size(); i++) {
            Answer a = reviewed.get(i);
            Recipient r = sent.get(i);
            RetryPolicy.Decision decision = policy.decide(a, batch.attempt(), ThreadLocalRandom.current());
            if (decision instanceof RetryPolicy.Retry retry) {
                waiting.add(new Ledger.Waiting(r.deviceId(), batch.os(), retry.attempt(), a.reason()));
                retryRecipients.computeIfAbsent(retry.attempt(), k -> new ArrayList<>()).add(r);
                retryDelays.merge(retry.attempt(), retry.delay(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
                metrics.counter("tidings.dispatch.retries", "provider", provider, "reason", String.valueOf(a.reason())).increment();
                continue;
            }
            RetryPolicy.Final f = (RetryPolicy.Final) decision;
            DeviceOutcome outcome = new DeviceOutcome(r.deviceId(), batch.os(), f.outcome(), f.reason());
            outcomes.add(outcome);
            metrics.counter("tidings.dispatch.outcomes", "provider", provider, "outcome", f.outcome().name()).increment();
            if (a.verdict() == Verdict.OPERATOR_FAULT) {
                // the alarm: the app's credential or provider setup is wrong, and nothing will work until it is fixed
                metrics.counter("tidings.dispatch.operator.faults", "provider", provider, "app", batch.appId()).increment();
            }
            if (f.outcome() == Outcome.TOKEN_INVALID) {
                Instant since = a.invalidSince() != null ? a.invalidSince() : now;
                decided.add(new Ledger.Decided(outcome, r.token(), since));
                dead.add(new DeviceInvalidation(EventMeta.now(), batch.appId(), r.deviceId(), batch.os(), r.token(), f.reason(), since));
            } else if (f.outcome() != Outcome.DELIVERED) {
                decided.add(new Ledger.Decided(outcome, null, null));
            }
        }
        for (Ledger.Entry e : known) {
            // sent before this delivery of the batch (which is a redelivery): report it again, send nothing
            outcomes.add(e.toOutcome());
            if (Outcome.TOKEN_INVALID.name().equals(e.outcome()) && e.token() != null) {
                dead.add(new DeviceInvalidation(EventMeta.now(), batch.appId(), e.deviceId(), e.os(), e.token(), e.reason(),
                        e.invalidSince()));
            }
        }
        List<Map.Entry<Instant, DeliveryBatch>> retries = new ArrayList<>();
        retryRecipients.forEach((attempt, recipients) -> retries.add(Map.entry(now.plus(retryDelays.get(attempt)),
                new DeliveryBatch(EventMeta.now(), batch.appId(), batch.messageId(), batch.occurrence(), batch.os(), attempt,
                        batch.android(), batch.ios(), recipients))));
        if (!elsewhere.isEmpty()) {
            retries.add(Map.entry(now.plus(ledger.claimTimeout()), new DeliveryBatch(EventMeta.now(), batch.appId(), batch.messageId(),
                    batch.occurrence(), batch.os(), batch.attempt(), batch.android(), batch.ios(), elsewhere)));
        }
        if (!retries.isEmpty()) {
            LOG.debugf("%s: %d devices wait for a retry", batch.occurrenceId(), waiting.size());
        }
        return ledger.settle(batch.appId(), batch.occurrenceId(), decided, waiting, retries)
                .thenCompose(x -> announce(batch, outcomes, dead));
    }

    private CompletableFuture<Void> announce(DeliveryBatch batch, List<DeviceOutcome> outcomes, List<DeviceInvalidation> dead) {
        List<Uni<Void>> sends = new ArrayList<>();
        if (!outcomes.isEmpty()) {
            sends.add(send(results, batch.messageId(),
                    DeliveryReport.outcomes(batch.appId(), batch.messageId(), batch.occurrence(), outcomes)));
        }
        for (DeviceInvalidation d : dead) {
            sends.add(send(invalidations, d.deviceId(), d));
        }
        if (sends.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // the ledger holds these outcomes now: they must reach Kafka, however long it is unavailable
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("outcomes of %s not yet reported (%s); trying again", batch.occurrenceId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .subscribeAsCompletionStage();
    }

    static String provider(Os os) {
        return os == Os.IOS ? "apns" : "fcm";
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, String key, Object event) {
        return emitter.sendMessage(Message.of(Json.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
