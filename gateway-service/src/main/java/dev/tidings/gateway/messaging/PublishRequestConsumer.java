package dev.tidings.gateway.messaging;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Topics;
import dev.tidings.gateway.App;
import dev.tidings.gateway.mapping.IngressRequest;
import dev.tidings.gateway.service.PublishService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The Kafka ingress: internal services publish by writing a record to {@code tidings.publish-requests.v1}.
 * Each record gets the HTTP publish's validation; one that fails it goes to the dead-letter topic with
 * its error code and message in headers, and the valid ones follow the HTTP path. A record is published
 * once, however often it is delivered: under the producer's {@code messageId}, or else an id derived
 * from the record's partition, offset and timestamp. When Kafka or the database is down, the record is
 * retried (with backoff) rather than dead-lettered: it is valid, it only has to wait, and the records
 * behind it in its partition wait with it.
 */
@ApplicationScoped
public class PublishRequestConsumer {
    private static final Logger LOG = Logger.getLogger(PublishRequestConsumer.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(200);
    static final Duration LAST_RETRY = Duration.ofSeconds(10);

    private final PublishService publisher;
    private final MutinyEmitter<byte[]> deadLetters;

    public PublishRequestConsumer(PublishService publisher,
                                  @Channel(Topics.PUBLISH_REQUESTS_DLQ) MutinyEmitter<byte[]> deadLetters) {
        this.publisher = publisher;
        this.deadLetters = deadLetters;
    }

    @Incoming(Topics.PUBLISH_REQUESTS)
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        IngressRequest r;
        try {
            r = IngressRequest.parse(record.value(), Instant.ofEpochMilli(record.timestamp()));
        } catch (ApiException e) {
            return untilDone(record, () -> deadLetter(record, e));
        }
        String messageId = r.messageId() != null ? r.messageId() : derivedId(record);
        return untilDone(record, () -> Panache.withSession(() -> App.<App>findById(r.appId())).chain(app -> {
                    if (app == null) {
                        throw new ApiException(404, ErrorCodes.UNKNOWN_APP, "no app with id " + r.appId());
                    }
                    return publisher.publishOnce(r.appId(), r.channel(), r.request(), messageId);
                }).replaceWithVoid())
                .onFailure(ApiException.class).recoverWithUni(e -> untilDone(record, () -> deadLetter(record, (ApiException) e)));
    }

    /**
     * Runs the attempt until it succeeds or is refused for good (a 4xx), waiting between attempts with
     * backoff. Each attempt runs on this record's Vert.x context, where Hibernate Reactive needs to be.
     */
    private static Uni<Void> untilDone(ConsumerRecord<?, ?> record, Supplier<Uni<Void>> attempt) {
        Context context = Vertx.currentContext();
        return attempt(record, attempt, context, FIRST_RETRY);
    }

    private static Uni<Void> attempt(ConsumerRecord<?, ?> record, Supplier<Uni<Void>> attempt, Context context, Duration wait) {
        return Uni.createFrom().<Void>deferred(attempt::get)
                .onFailure(PublishRequestConsumer::retryable).recoverWithUni(e -> {
                    LOG.warnf("publish request at %s-%d@%d waits %d ms: %s", record.topic(), record.partition(),
                            record.offset(), wait.toMillis(), e.getMessage());
                    Duration next = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
                    return after(context, wait).chain(() -> attempt(record, attempt, context, next));
                });
    }

    /** Completes on the context after the delay (on Mutiny's timer when there is no context). */
    private static Uni<Void> after(Context context, Duration delay) {
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
        }
        return Uni.createFrom().emitter(em -> context.owner().setTimer(delay.toMillis(),
                id -> context.runOnContext(v -> em.complete(null))));
    }

    /** The id of a record that names none: the same on every delivery, different for every record. */
    static String derivedId(ConsumerRecord<?, ?> record) {
        return UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset() + "/"
                + record.timestamp()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Anything but a refusal of the request itself (a 4xx) is worth trying again. */
    private static boolean retryable(Throwable e) {
        return !(e instanceof ApiException api) || api.status() >= 500;
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, ApiException e) {
        LOG.infof("publish request at %s-%d@%d refused (%d): %s", record.topic(), record.partition(), record.offset(),
                e.error().code(), e.getMessage());
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.ERROR_CODE_HEADER, Integer.toString(e.error().code()).getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.ERROR_MESSAGE_HEADER, e.getMessage().getBytes(StandardCharsets.UTF_8));
        headers.add("tidings-source", (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build()));
    }
}
