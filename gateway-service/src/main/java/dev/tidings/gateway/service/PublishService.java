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
    /** how the error message of a message that Kafka did not take begins */
    static final String NOT_QUEUED = "could not be queued: ";

    private final MutinyEmitter<String> occurrences;
    private final MutinyEmitter<String> channelMessages;
    private final MutinyEmitter<String> schedules;
    private final SchedulerClient scheduler;

    public PublishService(@Channel(Topics.OCCURRENCES) MutinyEmitter<String> occurrences,
                          @Channel(Topics.CHANNEL_MESSAGES) MutinyEmitter<String> channelMessages,
                          @Channel(Topics.SCHEDULES) MutinyEmitter<String> schedules,
                          SchedulerClient scheduler) {
        this.occurrences = occurrences;
        this.channelMessages = channelMessages;
        this.schedules = schedules;
        this.scheduler = scheduler;
    }

    /**
     * Publishes once per idempotency key: with a key already used by this app in the last 24 hours, it
     * answers that message and sends nothing.
     *
     * @param idempotencyKey the caller's {@code Idempotency-Key} header, or null
     */
    public Uni<PublishedMessage> publish(String appId, String channel, PublishRequest request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return publishNew(appId, channel, request, null, UUID.randomUUID().toString());
        }
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "select message_id from gateway.idempotency_key where app_id = ?1 and key = ?2"
                                        + " and created_at > now() - interval '24 hours'", String.class)
                        .setParameter(1, appId).setParameter(2, idempotencyKey).getResultList()))
                .chain(found -> found.isEmpty()
                        ? publishNew(appId, channel, request, idempotencyKey, UUID.randomUUID().toString())
                        : find(appId, found.get(0)));
    }

    /**
     * Publishes under the given id once: when this app already has a message with that id (a Kafka
     * record delivered again), nothing is sent again. A message whose earlier attempt could not be
     * queued is tried again.
     *
     * @throws ApiException 400/5904 when another app has a message with that id
     */
    public Uni<PublishedMessage> publishOnce(String appId, String channel, PublishRequest request, String messageId) {
        return Panache.withSession(() -> PublishedMessage.<PublishedMessage>findById(messageId)).chain(existing -> {
            if (existing == null) {
                return publishNew(appId, channel, request, null, messageId)
                        .onFailure(PublishService::isUniqueViolation)
                        .recoverWithUni(e -> publishOnce(appId, channel, request, messageId));
            }
            if (!existing.appId.equals(appId)) {
                throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "messageId " + messageId + " is already taken");
            }
            if (MessageStatus.FAILED.equals(existing.status) && existing.errorMessage != null
                    && existing.errorMessage.startsWith(NOT_QUEUED)) {
                return Panache.withTransaction(() -> PublishedMessage.delete("messageId = ?1 and status = ?2",
                                messageId, MessageStatus.FAILED))
                        .chain(() -> publishNew(appId, channel, request, null, messageId));
            }
            return Uni.createFrom().item(existing);
        });
    }

    private Uni<PublishedMessage> publishNew(String appId, String channel, PublishRequest request, String idempotencyKey,
                                             String messageId) {
        return record(appId, channel, messageId, request, idempotencyKey)
                .onFailure(e -> idempotencyKey != null && isUniqueViolation(e))
                .recoverWithUni(e -> publish(appId, channel, request, idempotencyKey))
                .call(m -> m.messageId.equals(messageId) ? emit(appId, channel, messageId, request) : Uni.createFrom().voidItem())
                .onFailure(e -> !(e instanceof ApiException) && !isUniqueViolation(e)).call(e -> {
                    LOG.errorf(e, "message %s could not be handed to Kafka", messageId);
                    return markFailed(messageId, NOT_QUEUED + e.getMessage());
                })
                .onFailure(e -> !(e instanceof ApiException) && !isUniqueViolation(e)).transform(e ->
                        new ApiException(503, ErrorCodes.UNAVAILABLE, "the message could not be queued; try again"));
    }

    private static Uni<PublishedMessage> record(String appId, String channel, String messageId, PublishRequest request,
                                                String idempotencyKey) {
        PublishedMessage m = new PublishedMessage();
        m.messageId = messageId;
        m.appId = appId;
        m.channel = channel;
        m.publishPolicy = request.policy().name();
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
                    timing.repeatEvery(), timing.repeatExpiresAt());
            return send(schedules, messageId, scheduled);
        }
        List<Uni<Void>> sends = new ArrayList<>();
        if (request.policy().push()) {
            Occurrence occurrence = new Occurrence(EventMeta.now(), appId, messageId, 1, channel, request.message(),
                    request.publisherId(), request.headers(), request.pushBroadcast(), request.pushSinglecast(),
                    request.segmentQuery());
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
