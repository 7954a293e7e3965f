package dev.tidings.template;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A device registered for push notifications in one app. Its channels live in {@code device_channel};
 * its custom properties ({@code properties}, jsonb) are written and read by SQL, not by this entity.
 */
@Entity
@Table(name = "device")
public class Device {
    @Id
    @Column(name = "registration_id")
    public UUID registrationId;

    @Column(name = "app_id", nullable = false)
    public String appId;

    @Column(name = "device_id", nullable = false)
    public String deviceId;

    @Column(nullable = false)
    public String os;

    @Column(name = "os_version")
    public String osVersion;

    @Column(nullable = false)
    public String token;

    public Instant expiration;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(nullable = false)
    public boolean active = true;

    @Column(name = "deactivated_reason")
    public String deactivatedReason;

    /** the user the device belongs to, or null */
    @Column(name = "user_id")
    public String userId;

    /** {@link #osVersion} with every number zero-padded, so versions compare as versions */
    @Column(name = "os_version_key")
    public String osVersionKey;
}
