package dev.tidings.devstack.kafka;

import dev.tidings.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run in this JVM
 * from the Kafka jars. Data lives under the given directory and survives restarts.
 */
public final class KafkaBroker {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int partitions;

    public KafkaBroker(Path dir, int port, int controllerPort, int partitions) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the storage on first use, starts the broker, waits until it answers, creates the topics. */
    public void start() throws Exception {
        Path config = writeConfig();
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            format(config);
        }
        Thread broker = new Thread(() -> kafka.Kafka.main(new String[] {config.toString()}), "kafka-broker");
        broker.start();
        createTopics();
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", Integer.toString(partitions));
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "8");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // topics are created explicitly below; a typo in a service must not invent a new one
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        Path file = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "written by the Tidings devstack");
        }
        return file;
    }

    private void format(Path config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private void createTopics() throws Exception {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 120_000);
        try (Admin admin = Admin.create(conf)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    break;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("kafka broker did not come up on " + bootstrapServers(), e);
                    }
                    Thread.sleep(200);
                }
            }
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.TopicSpec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    NewTopic topic = new NewTopic(spec.name(), spec.compacted() ? 1 : partitions, (short) 1);
                    if (spec.compacted()) {
                        topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(topic);
                }
                if (!spec.compacted() && !existing.contains(Topics.dlq(spec.name()))) {
                    missing.add(new NewTopic(Topics.dlq(spec.name()), 1, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cannot create topics "
                            + missing.stream().map(NewTopic::name).collect(Collectors.joining(", ")), e.getCause());
                }
            }
        }
    }
}
