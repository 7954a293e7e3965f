package dev.tidings.template.messaging;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.template.repository.AudienceRepository;
import dev.tidings.template.repository.AudienceRepository.Member;
import dev.tidings.template.repository.UserRepository;
import dev.tidings.template.service.AudienceService;
import dev.tidings.template.service.Payloads;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Turns each occurrence into per-OS delivery batches of at most 500 devices, rendered for each recipient
 * when a template says so, and tells the gateway how many recipients there are. The occurrence's offset
 * is committed only after every batch and the audience report were acknowledged by Kafka; an occurrence
 * seen again after that is skipped.
 */
@ApplicationScoped
public class OccurrenceConsumer {
    private static final Logger LOG = Logger.getLogger(OccurrenceConsumer.class);

    private final AudienceService audience;
    private final AudienceRepository repository;
    private final UserRepository users;
    private final MutinyEmitter<String> android;
    private final MutinyEmitter<String> ios;
    private final MutinyEmitter<String> results;

    public OccurrenceConsumer(AudienceService audience, AudienceRepository repository, UserRepository users,
                              @Channel(Topics.DELIVERIES_ANDROID) MutinyEmitter<String> android,
                              @Channel(Topics.DELIVERIES_IOS) MutinyEmitter<String> ios,
                              @Channel(Topics.DELIVERY_RESULTS) MutinyEmitter<String> results) {
        this.audience = audience;
        this.repository = repository;
        this.users = users;
        this.android = android;
        this.ios = ios;
        this.results = results;
    }

    @Incoming(Topics.OCCURRENCES)
    public Uni<Void> onOccurrence(String json) {
        Occurrence o = Json.decode(json, Occurrence.class);
        // the record's own context: what is logged while it is handled names its app and message
        org.jboss.logging.MDC.put("appId", o.appId());
        org.jboss.logging.MDC.put("messageId", o.messageId());
        return repository.processed(o.appId(), o.occurrenceId())
                .chain(done -> done ? Uni.createFrom().voidItem() : process(o));
    }

    private Uni<Void> process(Occurrence o) {
        Payloads payloads;
        try {
            payloads = Payloads.of(o);
        } catch (IllegalArgumentException e) {
            return reject(o, e.getMessage());
        }
        int[] perOs = new int[2];
        return Uni.createFrom().deferred(() -> audience.forEachPage(o, payloads.personal(), page -> {
                    if (!payloads.personal()) {
                        return emit(o, page, payloads, Map.of(), perOs);
                    }
                    Set<String> userIds = new HashSet<>();
                    page.forEach(m -> {
                        if (m.userId() != null) {
                            userIds.add(m.userId());
                        }
                    });
                    return users.properties(o.appId(), userIds).chain(props -> emit(o, page, payloads, props, perOs));
                }))
                .chain(total -> report(o, DeliveryReport.audience(o.appId(), o.messageId(), o.occurrence(),
                                new DeliveryReport.Audience(total, perOs[0], perOs[1])))
                        .call(() -> repository.markProcessed(o.appId(), o.occurrenceId(), total))
                        .invoke(() -> LOG.infof("occurrence %s: %d recipients (%d Android, %d iOS)", o.occurrenceId(), total,
                                perOs[0], perOs[1])))
                // a query that cannot run for this occurrence's own reasons (a value the database refuses) fails
                // the message with the reason; only faults that a retry can heal (a lost connection) go back
                .onFailure(OccurrenceConsumer::isTheOccurrencesFault).recoverWithUni(e -> reject(o, e.getMessage()));
    }

    /**
     * Sends one page of the audience as batches. A personal template's recipient gets its own payload; one
     * whose payload is too large gets a failed outcome with the reason, and the others are sent.
     */
    private Uni<Void> emit(Occurrence o, List<Member> page, Payloads payloads, Map<String, Map<String, String>> users,
                           int[] perOs) {
        List<Recipient> androidRecipients = new ArrayList<>();
        List<Recipient> iosRecipients = new ArrayList<>();
        List<DeliveryReport.DeviceOutcome> refused = new ArrayList<>();
        for (Member m : page) {
            perOs[m.os() == Os.IOS ? 1 : 0]++;
            List<Recipient> target = m.os() == Os.IOS ? iosRecipients : androidRecipients;
            if (!payloads.personal()) {
                target.add(new Recipient(m.deviceId(), m.token()));
                continue;
            }
            Payloads.Rendered r = payloads.render(m, m.userId() == null ? Map.of() : users.getOrDefault(m.userId(), Map.of()));
            if (r.problem() != null) {
                refused.add(new DeliveryReport.DeviceOutcome(m.deviceId(), m.os(), DeliveryReport.Outcome.FAILED, r.problem()));
            } else {
                target.add(new Recipient(m.deviceId(), m.token(), r.android(), r.ios()));
            }
        }
        List<Uni<Void>> sends = new ArrayList<>();
        sends.addAll(batches(o, Os.ANDROID, androidRecipients, payloads.sharedAndroid(), null));
        sends.addAll(batches(o, Os.IOS, iosRecipients, null, payloads.sharedIos()));
        if (!refused.isEmpty()) {
            sends.add(report(o, DeliveryReport.outcomes(o.appId(), o.messageId(), o.occurrence(), refused)));
        }
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /**
     * Whether the failure lies in the occurrence itself (a segment value the parser let through but the
     * database refuses: PostgreSQL's data exceptions, class 22), not in the infrastructure.
     */
    static boolean isTheOccurrencesFault(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof ArithmeticException
                || e instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22");
    }

    private Uni<Void> reject(Occurrence o, String reason) {
        LOG.warnf("occurrence %s cannot be sent: %s", o.occurrenceId(), reason);
        return report(o, DeliveryReport.rejected(o.appId(), o.messageId(), o.occurrence(), reason))
                .call(() -> repository.markProcessed(o.appId(), o.occurrenceId(), 0));
    }

    private List<Uni<Void>> batches(Occurrence o, Os os, List<Recipient> recipients, AndroidPush androidPush, IosPush iosPush) {
        List<Uni<Void>> sends = new ArrayList<>();
        MutinyEmitter<String> emitter = os == Os.IOS ? ios : android;
        for (int from = 0; from < recipients.size(); from += DeliveryBatch.MAX_RECIPIENTS) {
            List<Recipient> slice = recipients.subList(from, Math.min(recipients.size(), from + DeliveryBatch.MAX_RECIPIENTS));
            DeliveryBatch batch = new DeliveryBatch(EventMeta.now(), o.appId(), o.messageId(), o.occurrence(), os, 1,
                    androidPush, iosPush, List.copyOf(slice));
            // keyed by the batch's first device so batches spread over the partitions
            sends.add(send(emitter, o.occurrenceId() + ":" + slice.get(0).deviceId(), batch));
        }
        return sends;
    }

    private Uni<Void> report(Occurrence o, DeliveryReport report) {
        return send(results, o.messageId(), report);
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, String key, Object event) {
        return emitter.sendMessage(Message.of(Json.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
