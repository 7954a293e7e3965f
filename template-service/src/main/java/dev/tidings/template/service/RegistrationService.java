package dev.tidings.template.service;

import dev.tidings.template.Device;
import dev.tidings.template.Registration;
import dev.tidings.template.repository.DeviceRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Registers devices with channels, reads and removes registrations. */
@ApplicationScoped
public class RegistrationService {
    private final DeviceRepository devices;

    public RegistrationService(DeviceRepository devices) {
        this.devices = devices;
    }

    /** Registers (or re-registers) a device; a re-registration reactivates it and adds the new channels. */
    @WithTransaction
    public Uni<UUID> register(String appId, Registration r) {
        return devices.releaseToken(appId, r.token(), r.deviceId())
                .chain(() -> devices.findByDeviceId(appId, r.deviceId()))
                .chain(existing -> {
                    Device d = existing != null ? existing : new Device();
                    if (existing == null) {
                        d.registrationId = UUID.randomUUID();
                        d.appId = appId;
                        d.deviceId = r.deviceId();
                    }
                    d.os = r.os().name();
                    d.osVersion = r.osVersion();
                    d.token = r.token();
                    d.expiration = r.expiration();
                    d.registeredAt = Instant.now();
                    d.active = true;
                    d.deactivatedReason = null;
                    return (existing == null ? devices.persist(d) : Uni.createFrom().item(d))
                            .call(devices::flush);
                })
                .call(d -> devices.joinChannels(appId, d.registrationId, r.channels()))
                .map(d -> d.registrationId);
    }

    /** The device's registrations, one per channel; null when the app has no such device. */
    @WithSession
    public Uni<DeviceRegistrations> find(String appId, String deviceId) {
        return devices.findByDeviceId(appId, deviceId).chain(d -> d == null
                ? Uni.createFrom().nullItem()
                : devices.channelsOf(d.registrationId).map(channels -> new DeviceRegistrations(d, channels)));
    }

    /** @return whether there was such a device */
    @WithTransaction
    public Uni<Boolean> unregister(String appId, String deviceId) {
        return devices.delete("appId = ?1 and deviceId = ?2", appId, deviceId).map(n -> n > 0);
    }

    public record DeviceRegistrations(Device device, List<String> channels) {
    }
}
