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

    public Uni<List<String>> channelsOf(UUID registrationId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select channel from template.device_channel where registration_id = ?1 order by channel", String.class)
                .setParameter(1, registrationId)
                .getResultList());
    }
}
