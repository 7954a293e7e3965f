package dev.tidings.template.repository;

import dev.tidings.template.Device;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Devices and their channel memberships. Runs inside the caller's Hibernate Reactive transaction. */
@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, UUID> {

    public Uni<Device> findByDeviceId(String appId, String deviceId) {
        return find("appId = ?1 and deviceId = ?2", appId, deviceId).firstResult();
    }

    /** Removes another device of the app that holds this token: the token has moved to a new owner. */
    public Uni<Long> releaseToken(String appId, String token, String newDeviceId) {
        return delete("appId = ?1 and token = ?2 and deviceId <> ?3", appId, token, newDeviceId);
    }

    /** Adds the device to the channels, creating channels that do not exist yet. */
    public Uni<Void> joinChannels(String appId, UUID registrationId, List<String> channels) {
        String[] names = channels.toArray(String[]::new);
        return Panache.getSession().chain(s -> s.createNativeQuery(
                                "insert into template.channel (app_id, name, created_at) "
                                        + "select ?1, unnest(cast(?2 as text[])), now() on conflict do nothing")
                        .setParameter(1, appId).setParameter(2, names).executeUpdate()
                .chain(() -> s.createNativeQuery(
                                "insert into template.device_channel (app_id, channel, registration_id) "
                                        + "select ?1, unnest(cast(?2 as text[])), ?3 on conflict do nothing")
                        .setParameter(1, appId).setParameter(2, names).setParameter(3, registrationId).executeUpdate()))
                .replaceWithVoid();
    }

    public Uni<List<String>> channelsOf(UUID registrationId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select channel from template.device_channel where registration_id = ?1 order by channel", String.class)
                .setParameter(1, registrationId)
                .getResultList());
    }
}
