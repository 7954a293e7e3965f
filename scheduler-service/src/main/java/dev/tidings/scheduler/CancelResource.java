package dev.tidings.scheduler;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryReport;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Cancels a schedule, for the gateway (internal API, not exposed to producers). The answer comes after the
 * cancel is committed and its progress report acknowledged by Kafka: nothing of the message fires after it.
 */
@Path("/internal/apps/{appId}/schedules/{messageId}/cancel")
@Produces(MediaType.APPLICATION_JSON)
public class CancelResource {
    private final AgroalDataSource db;
    private final HandOff handOff;

    public CancelResource(AgroalDataSource db, HandOff handOff) {
        this.db = db;
        this.handOff = handOff;
    }

    @POST
    @Blocking
    public Map<String, Object> cancel(@PathParam("appId") String appId, @PathParam("messageId") String messageId)
            throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long[] done = ScheduleStore.cancel(c, appId, messageId);
                if (done == null) {
                    c.rollback();
                    throw new ApiException(404, ErrorCodes.MESSAGE_NOT_FOUND,
                            "message " + messageId + " is not waiting to be sent: it was sent, cancelled or expired");
                }
                handOff.sendAll(List.of(new HandOff.Out(Topics.DELIVERY_RESULTS, messageId, DeliveryReport.schedule(appId,
                        messageId, new DeliveryReport.Schedule(DeliveryReport.ScheduleState.CANCELLED, (int) done[0],
                                null, done[1]), null))));
                c.commit();
                return Map.of("status", "cancelled", "messageId", messageId, "occurrences", done[0]);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
