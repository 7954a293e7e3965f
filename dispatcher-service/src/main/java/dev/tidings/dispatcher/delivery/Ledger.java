package dev.tidings.dispatcher.delivery;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.dispatcher.config.DispatcherConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What each device got for each occurrence, in PostgreSQL: what lets a redelivered batch (after a crash
 * or a consumer-group rebalance) skip the devices already sent. Deliveries are written as each provider
 * answer arrives, many answers to a transaction (group commit), so a crash in the middle of a batch
 * forgets at most the answers of the last few milliseconds; the other outcomes and the retries are
 * written once per batch. Every call runs on the ledger's own threads, never on an event loop; a
 * database that is down is waited for, not reported as a failed delivery.
 */
@ApplicationScoped
public class Ledger {
    private static final Logger LOG = Logger.getLogger(Ledger.class);
    static final String RETRYING = "RETRYING";
    static final String SENDING = "SENDING";
    private static final int MAX_GROUP = 2000;
    /** rows one prune statement deletes at most */
    static final int PRUNE_SLICE = 10_000;

    /** What the ledger holds for a device of an occurrence. */
    public record Entry(String deviceId, Os os, String outcome, String reason, String token, Instant invalidSince,
                        Integer retryAttempt) {
        public boolean isFinal() {
            return !RETRYING.equals(outcome) && !SENDING.equals(outcome);
        }

        /** Claimed by a consumer that is sending it now (or died doing so). */
        public boolean isBeingSent() {
            return SENDING.equals(outcome);
        }

        public DeviceOutcome toOutcome() {
            return new DeviceOutcome(deviceId, os, Outcome.valueOf(outcome), reason);
        }
    }

    /** A device's final outcome, with the dead token and since when for {@code TOKEN_INVALID}. */
    public record Decided(DeviceOutcome outcome, String token, Instant invalidSince) {
    }

    /** A device that waits for a retry, carried by the batch of that attempt. */
    public record Waiting(String deviceId, Os os, int attempt, String reason) {
    }

    /** A batch to hand back to the deliveries topic when due. */
    public record DueRetry(long id, Os os, DeliveryBatch batch) {
    }

    private record Delivered(String appId, String occurrenceId, String deviceId, Os os, CompletableFuture<Void> done) {
    }

    private final AgroalDataSource db;
    private final Duration retention;
    private final Duration claimTimeout;
    private final BlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();
    private final ExecutorService readers = Executors.newFixedThreadPool(2, daemon("ledger-read"));
    private final ExecutorService writer = Executors.newSingleThreadExecutor(daemon("ledger-write"));
    private volatile boolean stopping;

    public Ledger(AgroalDataSource db, DispatcherConfig config) {
        this.db = db;
        this.retention = config.ledger().retention();
        this.claimTimeout = config.ledger().claimTimeout();
    }

    void start(@Observes StartupEvent event) {
        writer.execute(this::writeDeliveries);
    }

    /**
     * After the consumers drained (their observer runs first): the deliveries still queued are written
     * (one try each, no more waiting for a database that is down), then nothing more is recorded.
     */
    void stop(@Observes @Priority(3000) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        writer.shutdown();
        if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
            writer.shutdownNow();
        }
        readers.shutdownNow();
    }

    /** What a batch may send: the devices it claimed, and the ledger's entries for the others. */
    public record Claim(java.util.Set<String> claimed, Map<String, Entry> others) {
    }

    /**
     * Claims the devices of a batch that are this batch's to send, in one transaction: those without a row,
     * those waiting for the batch's attempt, and those claimed longer ago than the claim timeout (by a
     * consumer that must have died). Two consumers with the same batch (a rebalance, a redelivery while
     * the first still runs) never both claim a device.
     */
    public CompletableFuture<Claim> claim(DeliveryBatch batch) {
        List<String> ids = batch.recipients().stream().map(dev.tidings.contracts.events.Recipient::deviceId).toList();
        return CompletableFuture.supplyAsync(() -> patiently("claim a batch", () -> {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    java.util.Set<String> claimed = new java.util.HashSet<>();
                    try (PreparedStatement s = c.prepareStatement("""
                            insert into dispatcher.delivery (app_id, occurrence_id, device_id, os, outcome, retry_attempt)
                            select ?, ?, d, ?, 'SENDING', ? from unnest(?::text[]) as d
                            on conflict (app_id, occurrence_id, device_id) do nothing
                            returning device_id""")) {
                        s.setString(1, batch.appId());
                        s.setString(2, batch.occurrenceId());
                        s.setString(3, batch.os().name());
                        s.setInt(4, batch.attempt());
                        s.setArray(5, c.createArrayOf("text", ids.toArray()));
                        collect(s, claimed);
                    }
                    if (claimed.size() < ids.size()) {
                        try (PreparedStatement s = c.prepareStatement("""
                                update dispatcher.delivery set outcome = 'SENDING', retry_attempt = ?, updated_at = now()
                                where app_id = ? and occurrence_id = ? and device_id = any(?)
                                  and ((outcome = 'RETRYING' and retry_attempt = ?)
                                    or (outcome = 'SENDING' and updated_at < now() - ? * interval '1 millisecond'))
                                returning device_id""")) {
                            s.setInt(1, batch.attempt());
                            s.setString(2, batch.appId());
                            s.setString(3, batch.occurrenceId());
                            s.setArray(4, c.createArrayOf("text", ids.stream().filter(id -> !claimed.contains(id)).toArray()));
                            s.setInt(5, batch.attempt());
                            s.setLong(6, claimTimeout.toMillis());
                            collect(s, claimed);
                        }
                    }
                    Map<String, Entry> others = new HashMap<>();
                    if (claimed.size() < ids.size()) {
                        try (PreparedStatement s = c.prepareStatement("""
                                select device_id, os, outcome, reason, token, invalid_since, retry_attempt from dispatcher.delivery
                                where app_id = ? and occurrence_id = ? and device_id = any(?)""")) {
                            s.setString(1, batch.appId());
                            s.setString(2, batch.occurrenceId());
                            s.setArray(3, c.createArrayOf("text", ids.stream().filter(id -> !claimed.contains(id)).toArray()));
                            try (ResultSet r = s.executeQuery()) {
                                while (r.next()) {
                                    Timestamp since = r.getTimestamp(6);
                                    others.put(r.getString(1), new Entry(r.getString(1), Os.valueOf(r.getString(2)), r.getString(3),
                                            r.getString(4), r.getString(5), since == null ? null : since.toInstant(),
                                            (Integer) r.getObject(7)));
                                }
                            }
                        }
                    }
                    c.commit();
                    return new Claim(claimed, others);
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        }), readers);
    }

    /** Keeps the claims on these devices fresh while their batch is still being sent (a live consumer's heartbeat). */
    public CompletableFuture<Void> refresh(DeliveryBatch batch, java.util.Collection<String> deviceIds) {
        return CompletableFuture.runAsync(() -> patiently("refresh claims", () -> {
            try (Connection c = db.getConnection();
                 PreparedStatement s = c.prepareStatement("""
                         update dispatcher.delivery set updated_at = now()
                         where app_id = ? and occurrence_id = ? and device_id = any(?) and outcome = 'SENDING'""")) {
                s.setString(1, batch.appId());
                s.setString(2, batch.occurrenceId());
                s.setArray(3, c.createArrayOf("text", deviceIds.toArray()));
                s.executeUpdate();
            }
            return null;
        }), readers);
    }

    /**
     * Gives up this batch's claims on the devices still being sent, so that the batch, replayed from its
     * dead-letter topic, sends them. Best effort: a claim left behind ages out after the claim timeout.
     */
    public void release(DeliveryBatch batch, java.util.Collection<String> deviceIds) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     delete from dispatcher.delivery
                     where app_id = ? and occurrence_id = ? and device_id = any(?) and outcome = 'SENDING'""")) {
            s.setString(1, batch.appId());
            s.setString(2, batch.occurrenceId());
            s.setArray(3, c.createArrayOf("text", deviceIds.toArray()));
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("claims of %s not released (they age out after %s): %s", batch.occurrenceId(), claimTimeout, e.getMessage());
        }
    }

    /** How long a claim holds: a device claimed longer ago than this is presumed abandoned by a dead consumer. */
    public Duration claimTimeout() {
        return claimTimeout;
    }

    private static void collect(PreparedStatement s, java.util.Set<String> into) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                into.add(r.getString(1));
            }
        }
    }

    /** Remembers that the device got it; completes once that is durable. */
    public CompletableFuture<Void> delivered(String appId, String occurrenceId, String deviceId, Os os) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        delivered.add(new Delivered(appId, occurrenceId, deviceId, os, done));
        return done;
    }

    /**
     * In one transaction: the batch's other final outcomes, the devices that wait for a retry, and the
     * retry batches that will carry them. A final outcome is never overwritten.
     */
    public CompletableFuture<Void> settle(String appId, String occurrenceId, List<Decided> decided, List<Waiting> waiting,
                                          List<Map.Entry<Instant, DeliveryBatch>> retries) {
        if (decided.isEmpty() && waiting.isEmpty() && retries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> patiently("settle a batch", () -> {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    upsert(c, appId, occurrenceId, decided.size() + waiting.size(), i -> {
                        if (i < decided.size()) {
                            Decided d = decided.get(i);
                            return new Object[] {d.outcome().deviceId(), d.outcome().os().name(), d.outcome().outcome().name(),
                                    d.outcome().reason(), d.token(), d.invalidSince() == null ? null : Timestamp.from(d.invalidSince()), null};
                        }
                        Waiting w = waiting.get(i - decided.size());
                        return new Object[] {w.deviceId(), w.os().name(), RETRYING, w.reason(), null, null, w.attempt()};
                    });
                    try (PreparedStatement s = c.prepareStatement("insert into dispatcher.retry (due_at, os, batch) values (?, ?, ?)")) {
                        for (Map.Entry<Instant, DeliveryBatch> r : retries) {
                            s.setTimestamp(1, Timestamp.from(r.getKey()));
                            s.setString(2, r.getValue().os().name());
                            s.setString(3, Json.encode(r.getValue()));
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
            return null;
        }), readers);
    }

    /**
     * Claims due retries (skipping those another replica holds), lets {@code handOff} send them, and deletes
     * those it answers were acknowledged; the others stay for the next round. Runs on the caller's thread.
     * Answers how many were claimed when all went out, else 0 (so the caller waits for the next round).
     */
    public int forwardDue(int limit, java.util.function.Function<List<DueRetry>, List<Long>> handOff) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    select id, os, batch from dispatcher.retry where due_at <= now() order by due_at limit ? for update skip locked""")) {
                s.setInt(1, limit);
                List<DueRetry> due = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        due.add(new DueRetry(r.getLong(1), Os.valueOf(r.getString(2)), Json.decode(r.getString(3), DeliveryBatch.class)));
                    }
                }
                if (due.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                // only what Kafka acknowledged goes; the rest stays for the next round
                List<Long> sent = handOff.apply(due);
                try (PreparedStatement d = c.prepareStatement("delete from dispatcher.retry where id = any(?)")) {
                    d.setArray(1, c.createArrayOf("bigint", sent.toArray()));
                    d.executeUpdate();
                }
                c.commit();
                return sent.size() == due.size() ? due.size() : 0;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Forgets up to {@link #PRUNE_SLICE} rows older than the retention; returns how many went. */
    public int prune() throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     delete from dispatcher.delivery where ctid = any(array(
                         select ctid from dispatcher.delivery where updated_at < ? limit ?))""")) {
            s.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
            s.setInt(2, PRUNE_SLICE);
            return s.executeUpdate();
        }
    }

    /** The group-commit loop: every delivery waiting when a transaction starts goes into it. */
    private void writeDeliveries() {
        List<Delivered> group = new ArrayList<>();
        while (true) {
            try {
                Delivered first = delivered.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                group.add(first);
            } catch (InterruptedException e) {
                return;
            }
            delivered.drainTo(group, MAX_GROUP - 1);
            try {
                patiently("record deliveries", () -> {
                    writeGroup(group);
                    return null;
                });
                group.forEach(d -> d.done().complete(null));
            } catch (RuntimeException e) {
                group.forEach(d -> d.done().completeExceptionally(e));
            }
            group.clear();
        }
    }

    private void writeGroup(List<Delivered> group) throws SQLException {
        // one statement per occurrence: the unnest below binds one app and occurrence; a device twice in
        // one statement would make the upsert fail ("cannot affect row a second time"), so once each
        Map<List<String>, Map<String, Delivered>> byOccurrence = new HashMap<>();
        group.forEach(d -> byOccurrence.computeIfAbsent(List.of(d.appId(), d.occurrenceId()), k -> new java.util.LinkedHashMap<>())
                .putIfAbsent(d.deviceId(), d));
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Map.Entry<List<String>, Map<String, Delivered>> e : byOccurrence.entrySet()) {
                    List<Delivered> ds = List.copyOf(e.getValue().values());
                    upsert(c, e.getKey().get(0), e.getKey().get(1), ds.size(),
                            i -> new Object[] {ds.get(i).deviceId(), ds.get(i).os().name(), Outcome.DELIVERED.name(), null, null, null, null});
                }
                c.commit();
            } catch (SQLException ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    /** Writes rows of (device, os, outcome, reason, token, invalid_since, retry_attempt) over claims and waits; a final row is kept as it is. */
    private static void upsert(Connection c, String appId, String occurrenceId, int n, java.util.function.IntFunction<Object[]> row)
            throws SQLException {
        Object[][] columns = new Object[7][n];
        for (int i = 0; i < n; i++) {
            Object[] r = row.apply(i);
            for (int k = 0; k < 7; k++) {
                columns[k][i] = r[k];
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                insert into dispatcher.delivery (app_id, occurrence_id, device_id, os, outcome, reason, token, invalid_since, retry_attempt)
                select ?, ?, * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::int[])
                on conflict (app_id, occurrence_id, device_id) do update
                set outcome = excluded.outcome, reason = excluded.reason, token = excluded.token,
                    invalid_since = excluded.invalid_since, retry_attempt = excluded.retry_attempt, updated_at = now()
                where delivery.outcome in ('RETRYING', 'SENDING')""")) {
            s.setString(1, appId);
            s.setString(2, occurrenceId);
            String[] types = {"text", "text", "text", "text", "text", "timestamptz", "int4"};
            for (int k = 0; k < 7; k++) {
                s.setArray(3 + k, c.createArrayOf(types[k], columns[k]));
            }
            s.executeUpdate();
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs the work until the database takes it, waiting longer between tries; gives up only when stopping. */
    private <T> T patiently(String what, Work<T> work) {
        long wait = 200;
        while (true) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (stopping || !isTransient(e)) {
                    throw new IllegalStateException("cannot " + what + (stopping ? " while stopping: " : ": ") + e.getMessage(), e);
                }
                LOG.warnf("cannot %s (%s); trying again in %d ms", what, e.getMessage(), wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to " + what, ie);
                }
                wait = Math.min(wait * 2, 10_000);
            }
        }
    }

    /**
     * Whether trying again can help: the connection broke or the database is restarting, out of resources,
     * or chose this transaction as a deadlock or serialization victim. Anything else is a bug or bad data.
     */
    static boolean isTransient(SQLException e) {
        if (e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
