package dev.tidings.template.repository;

import dev.tidings.contracts.Os;
import dev.tidings.contracts.segment.Segment;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads audiences straight through the reactive PostgreSQL client: a broadcast may cover millions of
 * devices, read in keyset-ordered pages, and needs no entity state. Every value is a bound parameter.
 */
@ApplicationScoped
public class AudienceRepository {
    private static final String ACTIVE = " d.active and (d.expiration is null or d.expiration > now()) and d.os = any($2) ";

    private final Pool pool;

    public AudienceRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * A device to deliver to. {@code registrationId} orders the pages. {@code properties} (the device's
     * custom properties as JSON) is read only when the send is personalised, else null.
     */
    public record Member(UUID registrationId, String deviceId, Os os, String token, String userId, String osVersion,
                         String properties) {
    }

    private static String columns(boolean withProperties) {
        return "select d.registration_id, d.device_id, d.os, d.token, d.user_id, d.os_version, "
                + (withProperties ? "d.properties::text" : "null::text");
    }

    /** The next page of a channel's active devices of the given systems, after {@code after} (null: from the start). */
    public Uni<List<Member>> channelPage(String appId, List<Os> systems, String channel, Segment segment, UUID after, int limit,
                                         boolean withProperties) {
        Tuple args = Tuple.of(appId, names(systems), channel, after == null ? new UUID(0L, 0L) : after, limit);
        return pool.preparedQuery(columns(withProperties)
                        + " from template.device_channel c join template.device d on d.registration_id = c.registration_id"
                        // the bound on d as well as on c: without it PostgreSQL merge-joins from the start of
                        // the device index on every page, and a page costs as much as an OFFSET (measured by
                        // AudienceBenchmark: 1,000,000 devices took 112 s instead of a few)
                        + " where c.app_id = $1 and c.channel = $3 and c.registration_id > $4 and d.registration_id > $4 and"
                        + ACTIVE
                        + narrowedBy(segment, args) + " order by c.registration_id limit $5")
                .execute(args)
                .map(AudienceRepository::members);
    }

    /** The active devices of the given systems among these device ids, whatever their channels. */
    public Uni<List<Member>> devices(String appId, List<Os> systems, List<String> deviceIds, Segment segment,
                                     boolean withProperties) {
        Tuple args = Tuple.of(appId, names(systems), deviceIds.toArray(String[]::new));
        return pool.preparedQuery(columns(withProperties) + " from template.device d"
                        + " where d.app_id = $1 and d.device_id = any($3) and" + ACTIVE + narrowedBy(segment, args)
                        + " order by d.registration_id")
                .execute(args)
                .map(AudienceRepository::members);
    }

    /** " and (condition)" for a segment, its values appended to {@code args}; "" without one */
    private static String narrowedBy(Segment segment, Tuple args) {
        if (segment == null) {
            return "";
        }
        SegmentSql.Condition condition = SegmentSql.compile(segment, args.size() + 1);
        condition.parameters().forEach(args::addValue);
        return " and (" + condition.sql() + ")";
    }

    public Uni<Boolean> processed(String appId, String occurrenceId) {
        return pool.preparedQuery("select 1 from template.processed_occurrence where app_id = $1 and occurrence_id = $2")
                .execute(Tuple.of(appId, occurrenceId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> markProcessed(String appId, String occurrenceId, int recipients) {
        return pool.preparedQuery("insert into template.processed_occurrence (app_id, occurrence_id, recipients, processed_at)"
                        + " values ($1, $2, $3, now()) on conflict do nothing")
                .execute(Tuple.of(appId, occurrenceId, recipients))
                .replaceWithVoid();
    }

    private static String[] names(List<Os> systems) {
        return systems.stream().map(Os::name).toArray(String[]::new);
    }

    private static List<Member> members(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Member> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new Member(r.getUUID(0), r.getString(1), Os.valueOf(r.getString(2)), r.getString(3), r.getString(4),
                    r.getString(5), r.getString(6)));
        }
        return out;
    }
}
