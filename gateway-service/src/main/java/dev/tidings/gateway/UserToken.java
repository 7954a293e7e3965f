package dev.tidings.gateway;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A session of one of an app's users (the {@code user-token} header), kept only as its SHA-256 hash. */
@Entity
@Table(name = "user_token")
public class UserToken extends PanacheEntityBase {
    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "app_id", nullable = false)
    public String appId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    /** JSON list of role names */
    @Column(nullable = false)
    public String roles;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
