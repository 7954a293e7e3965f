package dev.tidings.dispatcher.apps;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.AppSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every app's provider settings, read from the compacted apps topic. Each replica needs all of them, so
 * this is not a consumer group: it reads every partition from the beginning and then follows it.
 * {@link #loaded()} completes once everything that was on the topic at start-up has been read, so no
 * delivery goes out on a default credential only because the app's own was not read yet.
 */
@ApplicationScoped
public class AppRegistry {
    private static final Logger LOG = Logger.getLogger(AppRegistry.class);

    private final String bootstrap;
    private final Map<String, AppSettings> apps = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public AppRegistry(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "app-registry");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.join(5000);
    }

    /** The app's settings, or null when it has none of its own. */
    public AppSettings get(String appId) {
        return apps.get(appId);
    }

    /** Completes once the settings on the topic at start-up are read; a copy, so a caller cancelling it cancels only its own. */
    public CompletionStage<Void> loaded() {
        return loaded.copy();
    }

    public boolean isLoaded() {
        return loaded.isDone();
    }

    public int size() {
        return apps.size();
    }

    private void run() {
        while (running) {
            try {
                follow();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("reading %s failed, trying again: %s", Topics.APPS, e.getMessage());
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    private void follow() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "dispatcher-app-registry");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            consumer = c;
            List<TopicPartition> partitions = partitions(c);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (!loaded.isDone() && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    LOG.infof("app settings loaded: %d apps with their own credentials", apps.size());
                    loaded.complete(null);
                }
            }
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(Topics.APPS);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            // no topic yet: no app has settings; deliveries need not wait for one to appear
            loaded.complete(null);
            sleep(Duration.ofSeconds(5));
        }
        throw new WakeupException();
    }

    private void apply(ConsumerRecord<String, String> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            apps.remove(r.key());
            return;
        }
        try {
            AppSettings settings = Json.decode(r.value(), AppSettings.class);
            if (r.key().equals(settings.appId())) {
                // two changes of one app may reach the topic out of order: the newer version stays
                apps.merge(r.key(), settings, (old, neu) -> neu.version() >= old.version() ? neu : old);
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping unreadable app settings at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
