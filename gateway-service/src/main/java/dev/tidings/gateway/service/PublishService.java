package dev.tidings.gateway.service;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.ChannelMessage;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.ScheduledMessage;
import dev.tidings.gateway.MessageStatus;
import dev.tidings.gateway.PublishedMessage;
import dev.tidings.gateway.mapping.PublishRequest;
import dev.tidings.gateway.mapping.Timing;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Accepts a publish: records the message, hands its events to Kafka, and answers only once the brokers
 * acknowledged them ({@code acks=all}, idempotent producer). If Kafka refuses, the message is marked
 * failed and the caller gets a 503: nothing acknowledged is ever lost.
 */
@ApplicationScoped
public class PublishService {
    private static final Logger LOG = Logger.getLogger(PublishService.class);
    /**
     * Longer than the producer keeps trying to deliver a record (Kafka's {@code delivery.timeout.ms}, 2
     * minutes by default): a message recorded this long ago and still not queued was abandoned.
     */
    static final java.time.Duration HAND_OFF_TIMEOUT = java.time.Duration.ofSeconds(150);

    private final MutinyEmitter<String> occurrences;
    private final MutinyEmitter<String> channelMessages;
    private final MutinyEmitter<String> schedules;
    private final SchedulerClient scheduler;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    public PublishService(@Channel(Topics.OCCURRENCES) MutinyEmitter<String> occurrences,
                          @Channel(Topics.CHANNEL_MESSAGES) MutinyEmitter<String> channelMessages,
                          @Channel(Topics.SCHEDULES) MutinyEmitter<String> schedules,
                          SchedulerClient scheduler, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.occurrences = occurrences;
        this.channelMessages = channelMessages;
        this.schedules = schedules;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    /** Counts a publish answered as accepted: {@code tidings_publishes_accepted_total{source, kind}}. */
    private void accepted(PublishedMessage m, String source) {
        metrics.counter("tidings.publishes.accepted", "source", source, "kind", m.scheduleState == null ? "now" : "scheduled").increment();
    }

    /**
     * Publishes once per idempotency key: with a key already used by this app in the last 24 hours, it
     * answers that message and sends nothing (unless its hand-off to Kafka never completed: then it is
     * handed off now).
     *
     * @param idempotencyKey the caller's {@code Idempotency-Key} header, or null
     */
    public Uni<PublishedMessage> publish(String appId, String channel, PublishRequest request, String idempotencyKey) {
        return publishByKey(appId, channel, request, idempotencyKey).invoke(m -> accepted(m, "http"));
    }

    private Uni<PublishedMessage> publishByKey(String appId, String channel, PublishRequest request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return publishNew(appId, channel, request, null, UUID.randomUUID().toString());
        }
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "select message_id from gateway.idempotency_key where app_id = ?1 and key = ?2"
                                        + " and created_at > now() - interval '24 hours'", String.class)
                        .setParameter(1, appId).setParameter(2, idempotencyKey).getResultList()))
                .chain(found -> found.isEmpty()
                        ? publishNew(appId, channel, request, idempotencyKey, UUID.randomUUID().toString())
                        : find(appId, found.get(0)).chain(m -> resume(m, channel, request, false)));
    }

    /**
     * Publishes under the given id once: when this app already has a message with that id (a Kafka
     * record delivered again), nothing is sent again, unless its hand-off to Kafka never completed.
     *
     * @throws ApiException 400/5904 when another app has a message with that id
     */
    public Uni<PublishedMessage> publishOnce(String appId, String channel, PublishRequest request, String messageId) {
        return publishById(appId, channel, request, messageId).invoke(m -> accepted(m, "kafka"));
    }

    private Uni<PublishedMessage> publishById(String appId, String channel, PublishRequest request, String messageId) {
        return Panache.withSession(() -> PublishedMessage.<PublishedMessage>findById(messageId)).chain(existing -> {
            if (existing == null) {
                return publishNew(appId, channel, request, null, messageId)
                        .onFailure(PublishService::isUniqueViolation)
                        .recoverWithUni(e -> publishById(appId, channel, request, messageId));
            }
            if (!existing.appId.equals(appId)) {
                throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "messageId " + messageId + " is already taken");
            }
            return resume(existing, channel, request, true);
        });
    }

    /**
     * A message recorded before. If Kafka acknowledged its events, it is the answer as it is. If its
     * hand-off failed, or was abandoned (the gateway stopped between recording it and Kafka's
     * acknowledgement: nothing has touched it for longer than the producer may take), its events are
     * handed off now; downstream, template-service and the scheduler take an occurrence or schedule id
     * once. A hand-off still under way elsewhere is left to finish: the message is the answer, or, with
     * {@code waitForHandOff}, a 503 that the caller retries until the hand-off is done or abandoned.
     */
    private Uni<PublishedMessage> resume(PublishedMessage existing, String channel, PublishRequest request,
                                         boolean waitForHandOff) {
        if (existing == null || existing.queued) {
            return Uni.createFrom().item(existing);
        }
        boolean abandoned = MessageStatus.FAILED.equals(existing.status)
                || existing.updatedAt.isBefore(Instant.now().minus(HAND_OFF_TIMEOUT));
        if (!abandoned) {
            if (waitForHandOff) {
                throw new ApiException(503, ErrorCodes.UNAVAILABLE, "message " + existing.messageId + " is being queued");
            }
            return Uni.createFrom().item(existing);
        }
        LOG.infof("message %s was recorded but never queued: queuing it now", existing.messageId);
        return Panache.withTransaction(() -> PublishedMessage.<PublishedMessage>findById(existing.messageId).invoke(m -> {
                    initialState(m, request);
                    m.errorMessage = null;
                    m.updatedAt = Instant.now();
                }))
                .call(m -> handOff(m, channel, request));
    }

    private Uni<PublishedMessage> publishNew(String appId, String channel, PublishRequest request, String idempotencyKey,
                                             String messageId) {
        org.jboss.logging.MDC.put("messageId", messageId);
        return record(appId, channel, messageId, request, idempotencyKey)
                .onFailure(e -> idempotencyKey != null && isUniqueViolation(e))
                .recoverWithUni(e -> publish(appId, channel, request, idempotencyKey))
                .call(m -> m.messageId.equals(messageId) ? handOff(m, channel, request) : Uni.createFrom().voidItem());
    }

    /**
     * Hands the message's events to Kafka and, once they are acknowledged, marks it queued. If Kafka
     * refuses, the message is marked failed and the caller gets 503/5990.
     */
    private Uni<Void> handOff(PublishedMessage m, String channel, PublishRequest request) {
        String messageId = m.messageId;
        return emit(m.appId, channel, messageId, request)
                .call(() -> Panache.withTransaction(() -> PublishedMessage.update("queued = true where messageId = ?1", messageId)))
                .onFailure(e -> !(e instanceof ApiException)).call(e -> {
                    LOG.errorf(e, "message %s could not be handed to Kafka", messageId);
                    return markFailed(messageId, "could not be queued: " + e.getMessage());
                })
                .onFailure(e -> !(e instanceof ApiException)).transform(e ->
                        new ApiException(503, ErrorCodes.UNAVAILABLE, "the message could not be queued; try again"));
    }

    private static Uni<PublishedMessage> record(String appId, String channel, String messageId, PublishRequest request,
                                                String idempotencyKey) {
        PublishedMessage m = new PublishedMessage();
        m.messageId = messageId;
        m.appId = appId;
        m.channel = channel;
        m.publishPolicy = request.policy().name();
        m.queued = false;
        initialState(m, request);
        m.createdAt = Instant.now();
        m.updatedAt = m.createdAt;
        return Panache.withTransaction(() -> m.<PublishedMessage>persistAndFlush().call(x -> idempotencyKey == null
                ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(s -> s.createNativeQuery(
                                "delete from gateway.idempotency_key where app_id = ?1 and key = ?2"
                                        + " and created_at <= now() - interval '24 hours'")
                        .setParameter(1, appId).setParameter(2, idempotencyKey).executeUpdate()
                        .chain(() -> s.createNativeQuery("insert into gateway.idempotency_key (app_id, key, message_id, created_at)"
                                        + " values (?1, ?2, ?3, now())")
                                .setParameter(1, appId).setParameter(2, idempotencyKey).setParameter(3, messageId)
                                .executeUpdate()))
                        .replaceWithVoid()));
    }

    /** The status and schedule a message starts with, before any report. */
    private static void initialState(PublishedMessage m, PublishRequest request) {
        Timing timing = request.timing();
        if (timing.scheduled()) {
            m.status = MessageStatus.SCHEDULED;
            m.publishAt = timing.firstDueAt();
            m.repeatEvery = timing.repeatEvery();
            m.repeatExpiresAt = timing.repeatExpiresAt();
            m.scheduleState = DeliveryReport.ScheduleState.WAITING.name();
            m.nextDueAt = timing.firstDueAt();
        } else {
            m.occurrences = request.policy().push() ? 1 : 0;
            m.status = request.policy().push() ? MessageStatus.SCHEDULED : MessageStatus.PUBLISHED;
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
                    || t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> emit(String appId, String channel, String messageId, PublishRequest request) {
        Timing timing = request.timing();
        if (timing.scheduled()) {
            ScheduledMessage scheduled = new ScheduledMessage(EventMeta.now(), appId, messageId, request.policy().push(),
                    request.policy().pubsub(), channel, request.message(), request.publisherId(), request.headers(),
                    request.pushBroadcast(), request.pushSinglecast(), request.segmentQuery(), timing.firstDueAt(),
                    timing.repeatEvery(), timing.repeatExpiresAt(), request.template());
            return send(schedules, messageId, scheduled);
        }
        List<Uni<Void>> sends = new ArrayList<>();
        if (request.policy().push()) {
            Occurrence occurrence = new Occurrence(EventMeta.now(), appId, messageId, 1, channel, request.message(),
                    request.publisherId(), request.headers(), request.pushBroadcast(), request.pushSinglecast(),
                    request.segmentQuery(), request.template());
            sends.add(send(occurrences, messageId, occurrence));
        }
        if (request.policy().pubsub()) {
            ChannelMessage event = new ChannelMessage(EventMeta.now(), appId, channel, messageId, request.message(),
                    request.publisherId(), request.headers(), Instant.now());
            sends.add(send(channelMessages, appId + "/" + channel, event));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** Marks the message failed and frees its idempotency key, so the caller's retry sends it again. */
    private static Uni<Void> markFailed(String messageId, String reason) {
        return Panache.withTransaction(() -> PublishedMessage.update("status = ?1, errorMessage = ?2, updatedAt = ?3 where messageId = ?4",
                        MessageStatus.FAILED, reason, Instant.now(), messageId)
                .call(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "delete from gateway.idempotency_key where message_id = ?1")
                        .setParameter(1, messageId).executeUpdate())))
                .replaceWithVoid();
    }

    /**
     * Cancels a delayed or repeating message of this app. Once this answers, nothing of it fires any more.
     *
     * @return how many occurrences went out before the cancel
     * @throws ApiException 5040: unknown (or another app's) with 404; sent, cancelled or expired with 409
     */
    public Uni<Integer> cancel(String appId, String messageId) {
        return Panache.withSession(() -> PublishedMessage.<PublishedMessage>findById(messageId)).chain(m -> {
            if (m == null || !m.appId.equals(appId)) {
                throw new ApiException(404, ErrorCodes.MESSAGE_NOT_FOUND, "no message with id " + messageId);
            }
            if (m.scheduleState == null || MessageStatus.CANCELLED.equals(m.status) || MessageStatus.FAILED.equals(m.status)) {
                throw new ApiException(409, ErrorCodes.MESSAGE_NOT_FOUND, "message " + messageId + " cannot be cancelled: "
                        + (m.scheduleState == null ? "it was published at once" : "it is " + m.status));
            }
            return scheduler.cancel(appId, messageId)
                    .call(fired -> Panache.withTransaction(() -> PublishedMessage.update(
                            "status = ?1, scheduleState = ?2, nextDueAt = null, occurrences = greatest(occurrences, ?3),"
                                    + " updatedAt = ?4 where messageId = ?5",
                            MessageStatus.CANCELLED, DeliveryReport.ScheduleState.CANCELLED.name(), fired, Instant.now(),
                            messageId)));
        });
    }

    /** The message of this app, or null: another app's message is as unknown as a missing one. */
    @WithSession
    public Uni<PublishedMessage> find(String appId, String messageId) {
        return PublishedMessage.<PublishedMessage>findById(messageId)
                .map(m -> m != null && m.appId.equals(appId) ? m : null);
    }

    static Uni<Void> send(MutinyEmitter<String> emitter, String key, Object event) {
        return emitter.sendMessage(Message.of(Json.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
