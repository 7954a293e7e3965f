package dev.tidings.e2e;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.contracts.events.ScheduledMessage;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark of scheduler-service (a program that prints numbers, not a test): a burst of messages all due
 * in the same second, then a steady rate of due messages, against one or more packaged scheduler-service
 * replicas over the devstack's Kafka and a fresh PostgreSQL database.
 *
 * <p>Lag is the Kafka CreateTime of an occurrence (stamped by the scheduler's producer when it sends)
 * minus the message's due time. The ceiling is a bare KafkaProducer (acks=all, idempotent) sending the
 * same number of occurrence records of the same size in the same run.
 *
 * <pre>
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl e2e exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidings.e2e.SchedulerBenchmark \
 *     [-Dexec.args="--burst 100000 --rate 1000 --seconds 60 --replicas 1"]
 * </pre>
 */
public final class SchedulerBenchmark {
    private final Map<String, String> args;
    private TidingsStack stack;
    private long storedSoFar;
    private final String appId = "BENCH-" + UUID.randomUUID();

    private SchedulerBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        if (System.getProperty("e2e.root") == null) {
            System.setProperty("e2e.root", Files.isDirectory(Path.of("scheduler-service")) ? "." : "..");
        }
        new SchedulerBenchmark(args).run();
        System.exit(0);
    }

    private int arg(String name, int otherwise) {
        return Integer.parseInt(args.getOrDefault(name, String.valueOf(otherwise)));
    }

    private void run() throws Exception {
        int burst = arg("burst", 100_000);
        int rate = arg("rate", 1_000);
        int seconds = arg("seconds", 60);
        int replicas = arg("replicas", 1);
        System.out.printf("machine: %d cores, Java %s; scheduler-service replicas: %d (-Xmx256m, %s workers each)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), replicas,
                System.getenv().getOrDefault("TIDINGS_SCHEDULER_WORKERS", "2"));
        stack = new TidingsStack(List.of());
        try {
            for (int i = 0; i < replicas; i++) {
                stack.startReplica("scheduler-service", "scheduler-" + i, Map.of());
            }
            ceiling(burst);
            burst(burst);
            steady(rate, seconds);
        } finally {
            stack.close();
        }
    }

    /** A bare idempotent producer sending {@code n} occurrence-sized records: the floor for handing n off. */
    private void ceiling(int n) throws Exception {
        String value = Json.encode(occurrenceLike());
        Map<String, Object> conf = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.devstack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.devstack.kafkaBootstrap()))) {
            int partitions = admin.describeTopics(List.of(Topics.OCCURRENCES)).allTopicNames().get()
                    .get(Topics.OCCURRENCES).partitions().size();
            admin.createTopics(List.of(new NewTopic("bench-ceiling", partitions, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(conf, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("bench-ceiling", "warm", value)).get();
            long start = System.nanoTime();
            List<Future<?>> acks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                acks.add(producer.send(new ProducerRecord<>("bench-ceiling", "k" + i, value)));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("ceiling: bare KafkaProducer, %,d records of %d bytes to a topic like the occurrences one, acks=all: %.2f s (%,.0f records/s)%n",
                    n, value.length(), s, n / s);
        }
    }

    private Occurrence occurrenceLike() {
        return new Occurrence(EventMeta.now(), appId, UUID.randomUUID().toString(), 1, "bench",
                Json.MAPPER.getNodeFactory().textNode("benchmark message 000000"), null, Map.of(), 15, null, null, null);
    }

    private void burst(int n) throws Exception {
        Instant due = Instant.now().plusSeconds(Math.max(30, n / 1_000));
        Map<String, Instant> dueById = schedule(n, i -> due);
        System.out.printf("burst: %,d messages due at %s%n", n, due);
        report("burst", dueById, due);
    }

    private void steady(int rate, int seconds) throws Exception {
        int n = rate * seconds;
        Instant start = Instant.now().plusSeconds(Math.max(30, n / 1_000));
        long stepNanos = 1_000_000_000L / rate;
        Map<String, Instant> dueById = schedule(n, i -> start.plusNanos(i * stepNanos));
        System.out.printf("steady: %,d messages, %,d per second for %d s from %s%n", n, rate, seconds, start);
        report("steady", dueById, start);
    }

    private Map<String, Instant> schedule(int n, java.util.function.IntFunction<Instant> dueOf) throws Exception {
        Map<String, Instant> dueById = new HashMap<>(n * 2);
        List<Map.Entry<String, String>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant due = dueOf.apply(i);
            ScheduledMessage m = new ScheduledMessage(EventMeta.now(), appId, UUID.randomUUID().toString(), true, false,
                    "bench", Json.MAPPER.getNodeFactory().textNode("benchmark message " + i), null, Map.of(), 15, null, null,
                    due, null, null, null);
            dueById.put(m.messageId(), due);
            records.add(Map.entry(m.messageId(), Json.encode(m)));
        }
        long t0 = System.nanoTime();
        new KafkaProbe(stack.devstack.kafkaBootstrap()).sendAll(Topics.SCHEDULES, records);
        long stored = awaitStored(dueById.size(), dueOf.apply(0));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  intake: %,d schedules produced and stored in %.1f s (%,.0f/s)%n", stored, s, stored / s);
        return dueById;
    }

    /** Waits until the scheduler stored {@code n} more schedules of this app; fails if that took past the first due time. */
    private long awaitStored(int n, Instant firstDue) throws Exception {
        storedSoFar += n;
        try (Connection c = DriverManager.getConnection(stack.database.jdbcUrl(), TestDatabase.user(), "");
             PreparedStatement count = c.prepareStatement("select count(*) from scheduler.schedule where app_id = ?")) {
            count.setString(1, appId);
            while (true) {
                try (ResultSet r = count.executeQuery()) {
                    r.next();
                    if (r.getLong(1) >= storedSoFar) {
                        return n;
                    }
                }
                if (Instant.now().isAfter(firstDue)) {
                    throw new IllegalStateException("intake did not finish before the first due time; try fewer messages");
                }
                Thread.sleep(200);
            }
        }
    }

    private void report(String name, Map<String, Instant> dueById, Instant firstDue) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.devstack.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long[] lags = new long[dueById.size()];
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        long firstTs = Long.MAX_VALUE;
        long lastTs = 0;
        Instant lastDue = dueById.values().stream().max(Instant::compareTo).orElseThrow();
        long deadline = lastDue.plusSeconds(120).toEpochMilli();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.OCCURRENCES));
            while (seen.size() < dueById.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!r.value().contains(appId)) {
                        continue;
                    }
                    Occurrence o = Json.decode(r.value(), Occurrence.class);
                    Instant due = dueById.get(o.messageId());
                    if (due == null) {
                        continue;
                    }
                    if (!seen.add(o.messageId())) {
                        duplicates++;
                        continue;
                    }
                    lags[seen.size() - 1] = r.timestamp() - due.toEpochMilli();
                    firstTs = Math.min(firstTs, r.timestamp());
                    lastTs = Math.max(lastTs, r.timestamp());
                }
            }
        }
        int got = seen.size();
        long[] sorted = Arrays.copyOf(lags, got);
        Arrays.sort(sorted);
        System.out.printf("  %s: %,d of %,d handed off, %d duplicates; lag from due time to hand-off (ms): min %d, p50 %d,"
                        + " p99 %d, max %d%n", name, got, dueById.size(), duplicates,
                sorted[0], percentile(sorted, 50), percentile(sorted, 99), sorted[got - 1]);
        System.out.printf("  %s: first hand-off %d ms after the first due time, last %d ms after it; %,.0f hand-offs/s%n",
                name, firstTs - firstDue.toEpochMilli(), lastTs - firstDue.toEpochMilli(),
                got / Math.max(0.001, (lastTs - firstTs) / 1000.0));
    }

    private static long percentile(long[] sorted, int pct) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(pct / 100.0 * sorted.length) - 1)];
    }
}
