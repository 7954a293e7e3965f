package dev.tidings.scheduler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "tidings.scheduler")
public interface SchedulerConfig {
    /** due schedules claimed and handed off per transaction */
    @WithDefault("500")
    int batchSize();

    /** firing threads per replica; each claims its own batches */
    @WithDefault("2")
    int workers();

    /** how often an idle worker looks for due schedules */
    @WithDefault("100ms")
    Duration pollInterval();

    /**
     * A one-shot message due longer ago than this (after downtime) is not sent but marked failed
     * (expired): a "sale starts now" push hours late surprises users more than a missing one.
     */
    @WithDefault("1h")
    Duration maxLateness();

    /** finished, cancelled and expired schedules are kept this long (cancel answers 5040 for them), then deleted */
    @WithDefault("7d")
    Duration retention();

    /**
     * Fault injection for the crash tests, never for production: the worker hands a batch off to Kafka and
     * then hangs before committing, as a process killed at that point would.
     */
    @WithDefault("false")
    boolean hangBeforeCommit();
}
