package dev.tidings.template.messaging;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeviceInvalidation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Deactivates devices whose token a provider rejected for good. Idempotent: a second copy of the event
 * finds the device already inactive. A registration newer than the invalidation wins.
 */
@ApplicationScoped
public class InvalidationConsumer {
    private final Pool pool;

    public InvalidationConsumer(Pool pool) {
        this.pool = pool;
    }

    @Incoming(Topics.DEVICE_INVALIDATIONS)
    public Uni<Void> onInvalidation(String json) {
        DeviceInvalidation e = Json.decode(json, DeviceInvalidation.class);
        return pool.preparedQuery("update template.device set active = false, deactivated_reason = $4"
                        + " where app_id = $1 and device_id = $2 and token = $3 and active and registered_at <= $5")
                .execute(Tuple.of(e.appId(), e.deviceId(), e.token(), e.reason(), e.invalidatedAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
