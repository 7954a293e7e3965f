package dev.tidings.scheduler;

import dev.tidings.contracts.Json;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands records to Kafka and waits until the brokers acknowledged all of them ({@code acks=all},
 * idempotent producer). One producer for the whole replica: it is thread-safe and batches the records
 * of concurrent workers together.
 */
@ApplicationScoped
public class HandOff {
    private final KafkaProducer<String, String> producer;

    public HandOff(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "scheduler-handoff");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** One record: its topic, key and event (encoded as JSON). */
    public record Out(String topic, String key, Object event) {
    }

    /**
     * Sends every record and returns once all were acknowledged.
     *
     * @throws HandOffFailed if any was not, within the producer's delivery timeout
     */
    public void sendAll(List<Out> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (Out r : records) {
                acks.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), Json.encode(r.event()))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(35, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new HandOffFailed(e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new HandOffFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandOffFailed(e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    public static final class HandOffFailed extends RuntimeException {
        HandOffFailed(Throwable cause) {
            super("Kafka did not acknowledge the hand-off: " + cause.getMessage(), cause);
        }
    }
}
