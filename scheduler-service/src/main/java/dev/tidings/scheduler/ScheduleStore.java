package dev.tidings.scheduler;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.events.DeliveryReport.ScheduleState;
import dev.tidings.contracts.events.ScheduledMessage;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the schedule table. Every method works inside the caller's transaction. */
final class ScheduleStore {
    /** the claim: due rows, oldest first, that no other worker holds; rows held elsewhere are skipped, not waited for */
    private static final String CLAIM = "select payload, due_at, fired, version from scheduler.schedule"
            + " where state = 'WAITING' and due_at <= ? order by due_at limit ? for update skip locked";

    private static final String ADVANCE = "update scheduler.schedule s set state = v.state,"
            + " due_at = case when v.due is null then null else to_timestamp(v.due / 1000.0) end,"
            + " fired = v.fired, version = v.version, updated_at = now()"
            + " from unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::bigint[]) as v(id, state, due, fired, version)"
            + " where s.message_id = v.id";

    /** a cancel arriving before its schedule leaves a cancelled row behind, so the schedule never starts */
    private static final String INSERT = "insert into scheduler.schedule (message_id, app_id, state, due_at, repeat_every,"
            + " repeat_expires_at, payload, created_at, updated_at)"
            + " select v.*, now(), now() from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::bigint[], ?::timestamptz[], ?::text[])"
            + " as v on conflict (message_id) do nothing";

    private static final String CANCEL = "insert into scheduler.schedule (message_id, app_id, state, version, created_at, updated_at)"
            + " values (?, ?, 'CANCELLED', 1, now(), now())"
            + " on conflict (message_id) do update set state = 'CANCELLED', due_at = null,"
            + " version = scheduler.schedule.version + 1, updated_at = now()"
            + " where scheduler.schedule.state = 'WAITING' and scheduler.schedule.app_id = excluded.app_id"
            + " returning fired, version";

    static List<Schedule> claimDue(Connection c, Instant now, int limit) throws SQLException {
        List<Schedule> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new Schedule(Json.decode(rs.getString(1), ScheduledMessage.class),
                            rs.getTimestamp(2).toInstant(), rs.getInt(3), rs.getLong(4)));
                }
            }
        }
        return due;
    }

    /** The database's clock: every replica decides what is due by the same clock. */
    static Instant now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select clock_timestamp()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    static void advance(Connection c, List<Schedule> schedules, List<Firing> firings) throws SQLException {
        int n = schedules.size();
        String[] ids = new String[n];
        String[] states = new String[n];
        Long[] dues = new Long[n];
        Integer[] fired = new Integer[n];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            Schedule s = schedules.get(i);
            Firing f = firings.get(i);
            ids[i] = s.messageId();
            states[i] = f.state().name();
            dues[i] = f.nextDueAt() == null ? null : f.nextDueAt().toEpochMilli();
            fired[i] = f.sends() ? f.occurrence() : s.fired();
            versions[i] = s.version() + 1;
        }
        try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", states));
            ps.setArray(3, c.createArrayOf("bigint", dues));
            ps.setArray(4, c.createArrayOf("int4", fired));
            ps.setArray(5, c.createArrayOf("bigint", versions));
            ps.executeUpdate();
        }
    }

    /** Stores accepted schedules; one already there (or already cancelled) is left as it is. */
    static void insert(Connection c, List<ScheduledMessage> messages) throws SQLException {
        int n = messages.size();
        String[] ids = new String[n];
        String[] apps = new String[n];
        String[] states = new String[n];
        Timestamp[] dues = new Timestamp[n];
        Long[] every = new Long[n];
        Timestamp[] expires = new Timestamp[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            ScheduledMessage m = messages.get(i);
            ids[i] = m.messageId();
            apps[i] = m.appId();
            states[i] = ScheduleState.WAITING.name();
            dues[i] = Timestamp.from(m.firstDueAt());
            every[i] = m.repeatEvery();
            expires[i] = m.repeatExpiresAt() == null ? null : Timestamp.from(m.repeatExpiresAt());
            payloads[i] = Json.encode(m);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Array[] arrays = {c.createArrayOf("text", ids), c.createArrayOf("text", apps), c.createArrayOf("text", states),
                    c.createArrayOf("timestamptz", dues), c.createArrayOf("bigint", every),
                    c.createArrayOf("timestamptz", expires), c.createArrayOf("text", payloads)};
            for (int i = 0; i < arrays.length; i++) {
                ps.setArray(i + 1, arrays[i]);
            }
            ps.executeUpdate();
        }
    }

    /**
     * Cancels a waiting schedule of this app. Waits for a worker that holds the row to commit or roll back,
     * so a firing in flight is either handed off before this returns or never.
     *
     * @return the firings handed off so far and the new version, or null when there is nothing to cancel
     */
    static long[] cancel(Connection c, String appId, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CANCEL)) {
            ps.setString(1, messageId);
            ps.setString(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getInt(1), rs.getLong(2)} : null;
            }
        }
    }

    static int purge(Connection c, java.time.Duration retention) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from scheduler.schedule where state <> 'WAITING'"
                + " and updated_at < now() - make_interval(secs => ?)")) {
            ps.setDouble(1, retention.toSeconds());
            return ps.executeUpdate();
        }
    }

    private ScheduleStore() {
    }
}
