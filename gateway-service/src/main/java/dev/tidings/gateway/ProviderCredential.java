package dev.tidings.gateway;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An app's own FCM or APNs credential: the secret sealed, beside what may be shown of it. */
@Entity
@Table(name = "provider_credential")
public class ProviderCredential extends PanacheEntityBase {
    /** {@code {appId}/{provider}}: one credential per provider and app */
    @Id
    public String id;

    @Column(name = "app_id", nullable = false)
    public String appId;

    /** {@code fcm} or {@code apns} */
    @Column(nullable = false)
    public String provider;

    /** JSON of what may be shown: project and account, or team, key id, bundle id and environment */
    @Column(nullable = false)
    public String summary;

    /** the secret, sealed with the master key (see Sealer) */
    @Column(nullable = false)
    public String sealed;

    @Column(name = "uploaded_at", nullable = false)
    public Instant uploadedAt;
}
