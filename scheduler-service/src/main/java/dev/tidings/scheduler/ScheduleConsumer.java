package dev.tidings.scheduler;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.ScheduledMessage;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores the schedules the gateway accepted, a polled batch of records per transaction. Idempotent: a record
 * read again (after a rebalance or a restart) finds its row and changes nothing. The offsets are committed
 * only after the rows are.
 */
@ApplicationScoped
public class ScheduleConsumer {
    private final AgroalDataSource db;

    public ScheduleConsumer(AgroalDataSource db) {
        this.db = db;
    }

    @Incoming(Topics.SCHEDULES)
    @Blocking
    public void onSchedules(List<String> records) throws SQLException {
        List<ScheduledMessage> messages = new ArrayList<>(records.size());
        for (String json : records) {
            messages.add(Json.decode(json, ScheduledMessage.class));
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                ScheduleStore.insert(c, messages);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
