package dev.tidings.template.service;

import dev.tidings.contracts.Json;
import dev.tidings.template.Device;
import dev.tidings.template.Registration;
import dev.tidings.template.repository.DeviceRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Registers devices with channels, reads and removes registrations. */
@ApplicationScoped
public class RegistrationService {
    private static final String UPSERT = "insert into template.device (registration_id, app_id, device_id, os, os_version,"
            + " os_version_key, token, expiration, registered_at, active, properties, user_id)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, now(), true, cast(cast($9 as text) as jsonb), $10)"
            + " on conflict (app_id, device_id) do update set os = excluded.os, os_version = excluded.os_version,"
            + " os_version_key = excluded.os_version_key, token = excluded.token, expiration = excluded.expiration,"
            + " registered_at = excluded.registered_at, active = true, deactivated_reason = null,"
            + " properties = device.properties || excluded.properties,"
            + " user_id = coalesce(excluded.user_id, device.user_id)"
            + " returning registration_id";

    private final DeviceRepository devices;
    private final Pool pool;

    public RegistrationService(DeviceRepository devices, Pool pool) {
        this.devices = devices;
        this.pool = pool;
    }

    /**
     * Registers (or re-registers) a device in one transaction: the token leaves any other device of the
     * app, the device row is upserted (reactivated, properties merged, the user kept unless a new one is
     * given), and the channels are added.
     * Concurrent registrations of the same token serialise on a transaction-scoped advisory lock on it;
     * those of the same device on its unique key (the loser of that race retries).
     */
    public Uni<UUID> register(String appId, Registration r) {
        return pool.withTransaction(conn -> conn
                        // registrations of one token wait for each other: otherwise two devices taking the same
                        // token at once both find it free and one insert fails on the token's unique index
                        .preparedQuery("select pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))")
                        .execute(Tuple.of(appId, r.token()))
                        .chain(() -> conn.preparedQuery(
                                "delete from template.device where app_id = $1 and token = $2 and device_id <> $3")
                        .execute(Tuple.of(appId, r.token(), r.deviceId())))
                        .chain(() -> conn.preparedQuery(UPSERT).execute(Tuple.tuple(Arrays.asList(
                                UUID.randomUUID(), appId, r.deviceId(), r.os().name(), r.osVersion(),
                                RegistrationParser.versionKey(r.osVersion()), r.token(),
                                r.expiration() == null ? null : r.expiration().atOffset(ZoneOffset.UTC),
                                Json.encode(r.properties()), r.userId()))))
                        .map(rows -> rows.iterator().next().getUUID(0))
                        .call(id -> joinChannels(conn, appId, id, r.channels()))
                        .call(id -> requireWithinLimits(conn, id)))
                .onFailure(RegistrationService::isRace).retry().atMost(5);
    }

    private static Uni<Void> joinChannels(SqlConnection conn, String appId, UUID registrationId, List<String> channels) {
        String[] names = channels.toArray(String[]::new);
        return conn.preparedQuery("insert into template.channel (app_id, name, created_at)"
                        + " select $1, unnest($2::text[]), now() on conflict do nothing")
                .execute(Tuple.of(appId, names))
                .chain(() -> conn.preparedQuery("insert into template.device_channel (app_id, channel, registration_id)"
                                + " select $1, unnest($2::text[]), $3 on conflict do nothing")
                        .execute(Tuple.of(appId, names, registrationId)))
                .replaceWithVoid();
    }

    /**
     * A re-registration adds channels and merges properties: the device as a whole, not only this request,
     * must stay within the limits (the transaction is rolled back otherwise).
     */
    private static Uni<Void> requireWithinLimits(SqlConnection conn, UUID registrationId) {
        return conn.preparedQuery("select (select count(*) from template.device_channel where registration_id = $1),"
                        + " (select count(*) from template.device d, jsonb_object_keys(d.properties) where d.registration_id = $1)")
                .execute(Tuple.of(registrationId))
                .invoke(rows -> {
                    var row = rows.iterator().next();
                    if (row.getLong(0) > RegistrationParser.MAX_CHANNELS) {
                        throw ApiException.badRequest(ErrorCodes.INVALID_REGISTRATION, "a device can be in at most "
                                + RegistrationParser.MAX_CHANNELS + " channels; this registration would put it in " + row.getLong(0));
                    }
                    if (row.getLong(1) > RegistrationParser.MAX_PROPERTIES) {
                        throw ApiException.badRequest(ErrorCodes.INVALID_REGISTRATION, "a device can have at most "
                                + RegistrationParser.MAX_PROPERTIES + " properties; this registration would give it " + row.getLong(1));
                    }
                })
                .replaceWithVoid();
    }

    private static boolean isRace(Throwable e) {
        return e instanceof PgException pg && ("23505".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
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
