package dev.tidings.gateway.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the per-device outcomes of a message, page by page, and its counts per occurrence. */
@ApplicationScoped
public class OutcomeQueries {
    private final Pool pool;

    public OutcomeQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<ObjectNode> list(String messageId, String outcome, int offset, int limit) {
        return pool.preparedQuery("select occurrence, device_id, os, outcome, reason, recorded_at from gateway.delivery_outcome"
                        + " where message_id = $1 and ($2::text is null or outcome = $2)"
                        + " order by occurrence, device_id offset $3 limit $4")
                .execute(Tuple.of(messageId, outcome, offset, limit))
                .map(rows -> {
                    ObjectNode answer = Json.MAPPER.createObjectNode().put("messageId", messageId)
                            .put("offset", offset).put("limit", limit);
                    ArrayNode list = answer.putArray("deliveries");
                    for (Row r : rows) {
                        list.addObject()
                                .put("occurrence", r.getInteger(0))
                                .put("deviceId", r.getString(1))
                                .put("os", r.getString(2))
                                .put("outcome", r.getString(3))
                                .put("reason", r.getString(4))
                                .put("recordedAt", r.getOffsetDateTime(5).toInstant().toEpochMilli());
                    }
                    return answer;
                });
    }

    /** The most recent occurrences shown in a message's status. */
    public static final int OCCURRENCES_SHOWN = 100;

    /**
     * The counts of the message's last {@value #OCCURRENCES_SHOWN} occurrences, newest first; an occurrence
     * whose audience is not known yet has null {@code recipients} and {@code pending}.
     */
    public Uni<ArrayNode> perOccurrence(String messageId) {
        return pool.preparedQuery("select occurrence, recipients, successful, failed, audience_known"
                        + " from gateway.occurrence_audience where message_id = $1 order by occurrence desc limit $2")
                .execute(Tuple.of(messageId, OCCURRENCES_SHOWN))
                .map(rows -> {
                    ArrayNode list = Json.MAPPER.createArrayNode();
                    for (Row r : rows) {
                        ObjectNode o = list.addObject().put("occurrence", r.getInteger(0));
                        int successful = r.getInteger(2);
                        int failed = r.getInteger(3);
                        if (r.getBoolean(4)) {
                            o.put("recipients", r.getInteger(1)).put("successfulSendsAmount", successful)
                                    .put("failedSendsAmount", failed).put("pending", Math.max(0, r.getInteger(1) - successful - failed));
                        } else {
                            o.putNull("recipients").put("successfulSendsAmount", successful)
                                    .put("failedSendsAmount", failed).putNull("pending");
                        }
                    }
                    return list;
                });
    }
}
