package dev.tidings.gateway;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API key of an app, kept only as its SHA-256 hash. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {
    @Id
    @Column(name = "key_hash")
    public String keyHash;

    /** the key's public id, for the admin API; never the key */
    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "app_id", nullable = false)
    public String appId;

    @Column(nullable = false)
    public String name;

    /** JSON list of publish rules (see PublishRules); empty: every channel */
    @Column(name = "publish_rules", nullable = false)
    public String publishRules;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
