package dev.tidings.devstack;

import dev.tidings.devstack.emulator.ApnsEmulator;
import dev.tidings.devstack.emulator.FcmEmulator;
import dev.tidings.devstack.kafka.KafkaBroker;
import dev.tidings.devstack.launch.StackFacts;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs the local infrastructure in one JVM: a KRaft Kafka broker and the FCM and APNs emulators.
 * When everything is up it writes {@code devstack.properties} into its directory (see {@link StackFacts})
 * and prints {@code DEVSTACK READY}. Options, each with a default:
 * {@code --dir .tidings/devstack --kafka-port 9092 --controller-port 9093 --fcm-port 4010 --apns-port 4443
 * --apns-control-port 4011 --partitions 4 --no-kafka --no-emulators}.
 */
public final class Devstack {

    public static void main(String[] args) {
        try {
            run(parse(args));
        } catch (Exception e) {
            // the broker thread is not a daemon: leave outright, so callers see the failure at once
            System.err.println("DEVSTACK FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Map<String, String> opts) throws Exception {
        Path dir = Path.of(opts.getOrDefault("dir", ".tidings/devstack")).toAbsolutePath();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(StackFacts.FILE));
        Properties facts = new Properties();

        if (!opts.containsKey("no-kafka")) {
            KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"),
                    Integer.parseInt(opts.getOrDefault("kafka-port", "9092")),
                    Integer.parseInt(opts.getOrDefault("controller-port", "9093")),
                    Integer.parseInt(opts.getOrDefault("partitions", "4")));
            broker.start();
            facts.setProperty(StackFacts.KAFKA_BOOTSTRAP, broker.bootstrapServers());
        }

        if (!opts.containsKey("no-emulators")) {
            int fcmPort = Integer.parseInt(opts.getOrDefault("fcm-port", "4010"));
            int apnsPort = Integer.parseInt(opts.getOrDefault("apns-port", "4443"));
            int apnsControlPort = Integer.parseInt(opts.getOrDefault("apns-control-port", "4011"));
            String fcmUrl = "http://127.0.0.1:" + fcmPort;
            Credentials credentials = Credentials.prepare(dir.resolve("credentials"), fcmUrl + "/token");
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            new FcmEmulator(vertx, credentials.fcmAccount())
                    .start(fcmPort).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            new ApnsEmulator(vertx, credentials.apnsKey())
                    .start(apnsPort, apnsControlPort, credentials.tlsCertificate, credentials.tlsKey)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            facts.setProperty(StackFacts.FCM_URL, fcmUrl);
            facts.setProperty(StackFacts.FCM_SERVICE_ACCOUNT, credentials.fcmServiceAccount.toString());
            facts.setProperty(StackFacts.FCM_PROJECT_ID, Credentials.FCM_PROJECT_ID);
            facts.setProperty(StackFacts.APNS_HOST, "127.0.0.1");
            facts.setProperty(StackFacts.APNS_PORT, Integer.toString(apnsPort));
            facts.setProperty(StackFacts.APNS_CONTROL_URL, "http://127.0.0.1:" + apnsControlPort);
            facts.setProperty(StackFacts.APNS_CERTIFICATE, credentials.tlsCertificate.toString());
            facts.setProperty(StackFacts.APNS_SIGNING_KEY, credentials.apnsSigningKey.toString());
            facts.setProperty(StackFacts.APNS_TEAM_ID, Credentials.APNS_TEAM_ID);
            facts.setProperty(StackFacts.APNS_KEY_ID, Credentials.APNS_KEY_ID);
            facts.setProperty(StackFacts.APNS_BUNDLE_ID, Credentials.APNS_BUNDLE_ID);
        }

        // written whole under another name, then moved, so a reader never sees half a file
        Path tmp = dir.resolve(StackFacts.FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            facts.store(w, "what the Tidings devstack is serving");
        }
        Files.move(tmp, dir.resolve(StackFacts.FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("DEVSTACK READY " + dir.resolve(StackFacts.FILE));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.startsWith("no-")) {
                opts.put(name, "true");
            } else if (i + 1 < args.length) {
                opts.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return opts;
    }

    private Devstack() {
    }
}
