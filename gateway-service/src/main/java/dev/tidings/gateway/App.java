package dev.tidings.gateway;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant: one application whose producers publish with its API keys. */
@Entity
@Table(name = "app")
public class App extends PanacheEntityBase {
    @Id
    @Column(name = "app_id")
    public String appId;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
