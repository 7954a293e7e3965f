package dev.tidings.gateway.messaging;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Folds delivery reports into message status, in one transaction per report. Idempotent: an audience
 * or a device outcome already recorded for that occurrence changes nothing when it arrives again.
 */
@ApplicationScoped
public class ResultConsumer {
    /** recomputes the status from the counters; failed and cancelled stay as they are */
    private static final String SETTLE = "update gateway.message set updated_at = now(), status = case"
            + " when status in ('failed', 'cancelled') then status"
            + " when (publish_policy = 'PUBSUB' or audiences_known >= occurrences) and successful + failed >= recipients"
            + " and coalesce(schedule_state, 'FINISHED') = 'FINISHED' then 'published'"
            + " else 'scheduled' end where message_id = $1";

    private final Pool pool;

    public ResultConsumer(Pool pool) {
        this.pool = pool;
    }

    @Incoming(Topics.DELIVERY_RESULTS)
    public Uni<Void> onReport(String json) {
        DeliveryReport report = Json.decode(json, DeliveryReport.class);
        return pool.withTransaction(conn -> switch (report.kind()) {
            case AUDIENCE -> audience(conn, report);
            case OUTCOMES -> outcomes(conn, report);
            case REJECTED -> conn.preparedQuery("update gateway.message set status = 'failed', error_message = $2,"
                            + " updated_at = now() where message_id = $1 and status <> 'cancelled'")
                    .execute(Tuple.of(report.messageId(), report.reason())).replaceWithVoid();
            case SCHEDULE -> schedule(conn, report);
        });
    }

    private static Uni<Void> audience(SqlConnection conn, DeliveryReport report) {
        // new, or a row the occurrence's first outcomes created: either way the audience counts now, once
        return conn.preparedQuery("insert into gateway.occurrence_audience (message_id, occurrence, recipients, audience_known)"
                        + " select $1, $2, $3, true where exists (select 1 from gateway.message where message_id = $1)"
                        + " on conflict (message_id, occurrence) do update set recipients = excluded.recipients, audience_known = true"
                        + " where occurrence_audience.audience_known = false returning recipients")
                .execute(Tuple.of(report.messageId(), report.occurrence(), report.audience().recipients()))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("update gateway.message set audiences_known = audiences_known + 1,"
                                        + " recipients = recipients + $2 where message_id = $1")
                                .execute(Tuple.of(report.messageId(), report.audience().recipients()))
                                .chain(() -> conn.preparedQuery(SETTLE).execute(Tuple.of(report.messageId())))
                                .replaceWithVoid());
    }

    /**
     * The scheduler's progress: firings so far, next due time, and its end. Applied only when newer than what
     * is stored; an expired schedule fails the message, a cancelled one cancels it.
     */
    private static Uni<Void> schedule(SqlConnection conn, DeliveryReport report) {
        DeliveryReport.Schedule s = report.schedule();
        return conn.preparedQuery("update gateway.message set schedule_version = $2, schedule_state = $3,"
                        + " occurrences = greatest(occurrences, $4), next_due_at = $5, updated_at = now(),"
                        + " error_message = case when $3 = 'EXPIRED' and status not in ('failed', 'cancelled') then $6"
                        + "   else error_message end,"
                        + " status = case when status in ('failed', 'cancelled') then status"
                        + "   when $3 = 'EXPIRED' then 'failed' when $3 = 'CANCELLED' then 'cancelled' else status end"
                        + " where message_id = $1 and schedule_version < $2")
                .execute(Tuple.from(java.util.Arrays.asList(report.messageId(), s.version(), s.state().name(), s.fired(),
                        s.nextDueAt() == null ? null : java.time.OffsetDateTime.ofInstant(s.nextDueAt(), java.time.ZoneOffset.UTC),
                        report.reason())))
                .chain(() -> conn.preparedQuery(SETTLE).execute(Tuple.of(report.messageId())))
                .replaceWithVoid();
    }

    private static Uni<Void> outcomes(SqlConnection conn, DeliveryReport report) {
        int n = report.outcomes().size();
        String[] devices = new String[n];
        String[] systems = new String[n];
        String[] outcomes = new String[n];
        String[] reasons = new String[n];
        for (int i = 0; i < n; i++) {
            DeviceOutcome o = report.outcomes().get(i);
            devices[i] = o.deviceId();
            systems[i] = o.os().name();
            outcomes[i] = o.outcome().name();
            reasons[i] = o.reason();
        }
        return conn.preparedQuery("insert into gateway.delivery_outcome"
                        + " (message_id, occurrence, device_id, os, outcome, reason, recorded_at)"
                        + " select $1, $2, t.d, t.o, t.r, t.why, now()"
                        + " from unnest($3::text[], $4::text[], $5::text[], $6::text[]) as t(d, o, r, why)"
                        + " where exists (select 1 from gateway.message where message_id = $1)"
                        + " on conflict do nothing returning outcome")
                .execute(Tuple.of(report.messageId(), report.occurrence(), devices, systems, outcomes, reasons))
                .chain(rows -> {
                    int delivered = 0;
                    int failed = 0;
                    for (Row row : rows) {
                        if (Outcome.DELIVERED.name().equals(row.getString(0))) {
                            delivered++;
                        } else {
                            failed++;
                        }
                    }
                    if (delivered + failed == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Tuple counts = Tuple.of(report.messageId(), report.occurrence(), delivered, failed);
                    return conn.preparedQuery("update gateway.message set successful = successful + $2,"
                                    + " failed = failed + $3 where message_id = $1")
                            .execute(Tuple.of(report.messageId(), delivered, failed))
                            .chain(() -> conn.preparedQuery("insert into gateway.occurrence_audience"
                                            + " (message_id, occurrence, recipients, successful, failed, audience_known)"
                                            + " values ($1, $2, 0, $3, $4, false) on conflict (message_id, occurrence) do update"
                                            + " set successful = occurrence_audience.successful + excluded.successful,"
                                            + " failed = occurrence_audience.failed + excluded.failed")
                                    .execute(counts))
                            .chain(() -> conn.preparedQuery(SETTLE).execute(Tuple.of(report.messageId())))
                            .replaceWithVoid();
                });
    }
}
