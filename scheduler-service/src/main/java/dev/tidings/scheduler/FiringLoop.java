package dev.tidings.scheduler;

import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.DeliveryReport;
import dev.tidings.contracts.events.ScheduledMessage;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The workers that fire due schedules. Each worker, in one database transaction: claims a batch of due rows
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas and workers never take the same row), hands every firing to
 * Kafka and waits for the brokers' acknowledgement, then advances the rows and commits.
 *
 * <p>Exactly once per occurrence: the row lock is held from the claim until the advance commits, so no other
 * worker can fire it meanwhile. If the process dies after the hand-off but before the commit, the lock goes
 * with its connection and another worker fires the same occurrence again, with the same occurrence id and
 * event ids; template-service records processed occurrence ids and drops the repeat. A cancel waits on the
 * same row lock, so it either sees the firing committed or prevents it.
 */
@ApplicationScoped
public class FiringLoop {
    private static final Logger LOG = Logger.getLogger(FiringLoop.class);

    private final AgroalDataSource db;
    private final HandOff handOff;
    private final SchedulerConfig config;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong lastPurge = new AtomicLong();
    private final AtomicLong firedSinceStart = new AtomicLong();
    private final AtomicLong firedSinceSummary = new AtomicLong();
    private final AtomicLong lastSummary = new AtomicLong(System.currentTimeMillis());
    private volatile boolean running;

    private final io.micrometer.core.instrument.Timer lag;

    public FiringLoop(AgroalDataSource db, HandOff handOff, SchedulerConfig config, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.db = db;
        this.handOff = handOff;
        this.config = config;
        this.lag = io.micrometer.core.instrument.Timer.builder("tidings.scheduler.handoff.lag")
                .description("from a firing's due time until Kafka acknowledged its hand-off")
                .publishPercentileHistogram()
                .register(metrics);
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(this::work, "scheduler-worker-" + i);
            workers.add(t);
            t.start();
        }
    }

    /** Runs before the beans go: each worker finishes the batch it holds (commit or roll back) and stops. */
    void stop(@Observes @Priority(1) ShutdownEvent ignored) throws InterruptedException {
        running = false;
        for (Thread t : workers) {
            t.join(45_000);
        }
        LOG.infof("firing workers stopped; %d firings handed off since start", firedSinceStart.get());
    }

    private void work() {
        while (running) {
            try {
                if (fireBatch() < config.batchSize()) {
                    Thread.sleep(config.pollInterval().toMillis());
                }
                purgeNowAndThen();
                summarizeNowAndThen();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | SQLException e) {
                LOG.errorf("firing failed, nothing of that batch was committed; retrying in 1 s: %s", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** @return how many due schedules it handled */
    int fireBatch() throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant now = ScheduleStore.now(c);
                List<Schedule> due = ScheduleStore.claimDue(c, now, config.batchSize());
                if (due.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                List<Firing> firings = new ArrayList<>(due.size());
                List<HandOff.Out> out = new ArrayList<>(due.size() * 2);
                for (Schedule s : due) {
                    Firing f = Firing.decide(s, now, config.maxLateness());
                    firings.add(f);
                    out.addAll(records(s, f, now));
                }
                handOff.sendAll(out);
                Instant handedOff = Instant.now();
                if (config.hangBeforeCommit()) {
                    LOG.warnf("fault injection: %d firings handed off, hanging before the commit", due.size());
                    hangForever();
                }
                ScheduleStore.advance(c, due, firings);
                c.commit();
                for (int i = 0; i < due.size(); i++) {
                    if (firings.get(i).sends()) {
                        Duration late = Duration.between(due.get(i).dueAt(), handedOff);
                        lag.record(late.isNegative() ? Duration.ZERO : late);
                    }
                }
                long sent = firings.stream().filter(Firing::sends).count();
                firedSinceStart.addAndGet(sent);
                firedSinceSummary.addAndGet(sent);
                return due.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The records of one firing: the occurrence, the channel message, and the progress report for the gateway. */
    static List<HandOff.Out> records(Schedule s, Firing f, Instant now) {
        ScheduledMessage m = s.message();
        List<HandOff.Out> out = new ArrayList<>(3);
        if (f.sends() && m.push()) {
            out.add(new HandOff.Out(Topics.OCCURRENCES, m.messageId(), m.occurrence(f.occurrence(), now)));
        }
        if (f.sends() && m.pubsub()) {
            out.add(new HandOff.Out(Topics.CHANNEL_MESSAGES, m.appId() + "/" + m.channel(), m.channelMessage(f.occurrence(), now)));
        }
        int fired = f.sends() ? f.occurrence() : s.fired();
        out.add(new HandOff.Out(Topics.DELIVERY_RESULTS, m.messageId(), DeliveryReport.schedule(m.appId(), m.messageId(),
                new DeliveryReport.Schedule(f.state(), fired, f.nextDueAt(), s.version() + 1), f.reason())));
        return out;
    }

    private void purgeNowAndThen() throws SQLException {
        long last = lastPurge.get();
        long now = System.currentTimeMillis();
        if (now - last < 600_000 || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try (Connection c = db.getConnection()) {
            int gone = ScheduleStore.purge(c, config.retention());
            if (gone > 0) {
                LOG.infof("deleted %d schedules that ended more than %s ago", gone, config.retention());
            }
        }
    }

    private void summarizeNowAndThen() {
        long last = lastSummary.get();
        long now = System.currentTimeMillis();
        if (now - last >= 10_000 && lastSummary.compareAndSet(last, now)) {
            long n = firedSinceSummary.getAndSet(0);
            if (n > 0) {
                LOG.infof("%d firings handed off in the last %d s", n, (now - last) / 1000);
            }
        }
    }

    private static void hangForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // a hung process does not wake up
            }
        }
    }
}
