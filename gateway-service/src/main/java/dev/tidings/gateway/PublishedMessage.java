package dev.tidings.gateway;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A published message and what became of it, folded from the delivery reports. */
@Entity
@Table(name = "message")
public class PublishedMessage extends PanacheEntityBase {
    @Id
    @Column(name = "message_id")
    public String messageId;

    @Column(name = "app_id", nullable = false)
    public String appId;

    @Column(nullable = false)
    public String channel;

    @Column(name = "publish_policy", nullable = false)
    public String publishPolicy;

    @Column(nullable = false)
    public String status;

    @Column(name = "error_message")
    public String errorMessage;

    public int occurrences;

    @Column(name = "audiences_known")
    public int audiencesKnown;

    public int recipients;
    public int successful;
    public int failed;

    /** when the first firing was due; null for an immediate message */
    @Column(name = "publish_at")
    public Instant publishAt;

    @Column(name = "repeat_every")
    public Long repeatEvery;

    @Column(name = "repeat_expires_at")
    public Instant repeatExpiresAt;

    /** the scheduler's last reported state (see DeliveryReport.ScheduleState); null for an immediate message */
    @Column(name = "schedule_state")
    public String scheduleState;

    @Column(name = "next_due_at")
    public Instant nextDueAt;

    /** whether Kafka acknowledged the message's events; a message recorded but not queued is handed off again on retry */
    public boolean queued;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public int pending() {
        return Math.max(0, recipients - successful - failed);
    }
}
