package dev.tidings.e2e;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.devstack.launch.KafkaProbe;
import dev.tidings.devstack.launch.StackFacts;
import dev.tidings.dispatcher.provider.fcm.FcmExchange;
import java.io.File;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Benchmark of dispatcher-service (a program that prints numbers, not a test): batches of 500 devices,
 * half Android and half iOS, put straight on the deliveries topics, until the emulators accepted every
 * one; against the ceiling of the same clients (firebase-admin with as many sending threads, pushy with as
 * many connections and notifications in flight) sending the same notifications to the same emulators in
 * a bare loop, without Kafka or the ledger, in the same run.
 *
 * <pre>
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl e2e exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidings.e2e.DispatchBenchmark \
 *     [-Dexec.args="--devices 100000"]
 * </pre>
 */
public final class DispatchBenchmark {
    static final int FCM_THREADS = 32;
    static final int APNS_CONNECTIONS = 4;
    static final int APNS_IN_FLIGHT = 2000;

    private final int devices;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private TidingsStack stack;
    private StackFacts facts;

    private DispatchBenchmark(int devices) {
        this.devices = devices;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        if (System.getProperty("e2e.root") == null) {
            System.setProperty("e2e.root", Files.isDirectory(Path.of("dispatcher-service")) ? "." : "..");
        }
        new DispatchBenchmark(Integer.parseInt(args.getOrDefault("devices", "100000"))).run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("machine: %d cores, Java %s; one dispatcher-service (-Xmx256m), %,d devices, half per system%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), devices);
        stack = new TidingsStack(List.of("dispatcher-service"));
        facts = stack.devstack.facts();
        try {
            dispatcher("warm-up", 2_000);
            double[] tidings = dispatcher("dispatcher", devices);
            double fcm = bareFcm(devices / 2, "alone");
            double apns = bareApns(devices / 2, "alone");
            // the broadcast runs both at once on the same cores: so does the fair ceiling
            long start = System.nanoTime();
            CompletableFuture<Double> both = CompletableFuture.supplyAsync(() -> unchecked(() -> bareFcm(devices / 2, "together")));
            bareApns(devices / 2, "together");
            both.join();
            double together = devices / ((System.nanoTime() - start) / 1e9);
            System.out.printf("%nbare clients alone: FCM %,.0f/s, APNs %,.0f/s; both at once: %,.0f deliveries/s%n", fcm, apns, together);
            System.out.printf("ratio to the bare clients: FCM %.2f, APNs %.2f (each alone); all %.2f (both at once)%n",
                    tidings[0] / fcm, tidings[1] / apns, tidings[2] / together);
        } finally {
            stack.close();
        }
    }

    /** Puts the batches on the topics and waits until both emulators accepted them; answers deliveries/s per system. */
    private double[] dispatcher(String label, int n) throws Exception {
        long baseFcm = accepted(StackFacts.FCM_URL);
        long baseApns = accepted(StackFacts.APNS_CONTROL_URL);
        int perOs = n / 2;
        List<Map.Entry<String, String>> android = new ArrayList<>();
        List<Map.Entry<String, String>> ios = new ArrayList<>();
        AndroidPush androidPush = new AndroidPush(new AndroidPush.Notification("Tidings", "hello", null), null, Map.of());
        IosPush iosPush = new IosPush(Map.of("aps", Map.of("alert", "hello")), "alert", 10, null, null);
        for (int b = 0; b * DeliveryBatch.MAX_RECIPIENTS < perOs; b++) {
            String messageId = UUID.randomUUID().toString();
            List<Recipient> a = new ArrayList<>();
            List<Recipient> i = new ArrayList<>();
            for (int k = b * DeliveryBatch.MAX_RECIPIENTS; k < Math.min(perOs, (b + 1) * DeliveryBatch.MAX_RECIPIENTS); k++) {
                a.add(new Recipient("a" + k, "fcm:" + label + "-" + run + "-" + k));
                i.add(new Recipient("i" + k, String.format("%08x%056x", label.hashCode(), (long) k)));
            }
            android.add(Map.entry("b" + b, Json.encode(new DeliveryBatch(EventMeta.now(), "BENCH", messageId, 1, Os.ANDROID, 1,
                    androidPush, null, a))));
            ios.add(Map.entry("b" + b, Json.encode(new DeliveryBatch(EventMeta.now(), "BENCH", messageId, 1, Os.IOS, 1,
                    null, iosPush, i))));
        }
        KafkaProbe kafka = new KafkaProbe(stack.devstack.kafkaBootstrap());
        long start = System.nanoTime();
        kafka.sendAll(Topics.DELIVERIES_ANDROID, android);
        kafka.sendAll(Topics.DELIVERIES_IOS, ios);
        long fcmDone = 0;
        long apnsDone = 0;
        while (fcmDone == 0 || apnsDone == 0) {
            Thread.sleep(50);
            if (fcmDone == 0 && accepted(StackFacts.FCM_URL) >= baseFcm + perOs) {
                fcmDone = System.nanoTime();
            }
            if (apnsDone == 0 && accepted(StackFacts.APNS_CONTROL_URL) >= baseApns + perOs) {
                apnsDone = System.nanoTime();
            }
            if (System.nanoTime() - start > 600_000_000_000L) {
                throw new IllegalStateException("not all delivered in 10 minutes");
            }
        }
        long end = Math.max(fcmDone, apnsDone);
        double fcmRate = perOs / ((fcmDone - start) / 1e9);
        double apnsRate = perOs / ((apnsDone - start) / 1e9);
        System.out.printf("%s: %,d devices in %.2f s, %,.0f deliveries/s (Android %,.0f/s in %.2f s, iOS %,.0f/s in %.2f s)%n",
                label, 2 * perOs, (end - start) / 1e9, 2 * perOs / ((end - start) / 1e9),
                fcmRate, (fcmDone - start) / 1e9, apnsRate, (apnsDone - start) / 1e9);
        return new double[] {fcmRate, apnsRate, 2 * perOs / ((end - start) / 1e9)};
    }

    interface Work<T> {
        T run() throws Exception;
    }

    private static <T> T unchecked(Work<T> work) {
        try {
            return work.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double bareFcm(int n, String label) throws Exception {
        GoogleCredentials credentials;
        try (FileInputStream in = new FileInputStream(facts.get(StackFacts.FCM_SERVICE_ACCOUNT))) {
            credentials = GoogleCredentials.fromStream(in).createScoped("https://www.googleapis.com/auth/firebase.messaging");
        }
        FirebaseApp app = FirebaseApp.initializeApp(FirebaseOptions.builder().setCredentials(credentials)
                .setHttpTransport(FcmExchange.transport(facts.get(StackFacts.FCM_URL))).build(), "bench-" + run + "-" + label);
        FirebaseMessaging messaging = FirebaseMessaging.getInstance(app);
        ExecutorService pool = Executors.newFixedThreadPool(FCM_THREADS);
        try {
            messaging.send(message("fcm:bare-warm-" + run + label));
            long start = System.nanoTime();
            List<CompletableFuture<String>> sends = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Message m = message("fcm:bare-" + run + label + "-" + i);
                sends.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return messaging.send(m);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            double rate = n / ((System.nanoTime() - start) / 1e9);
            System.out.printf("bare firebase-admin (%s), %d threads: %,d sends in %.2f s%n", label, FCM_THREADS, n,
                    (System.nanoTime() - start) / 1e9);
            return rate;
        } finally {
            pool.shutdownNow();
            app.delete();
        }
    }

    private static Message message(String token) {
        return Message.builder().setToken(token).setNotification(Notification.builder().setTitle("Tidings").setBody("hello").build()).build();
    }

    private double bareApns(int n, String label) throws Exception {
        ApnsClient client = new ApnsClientBuilder()
                .setApnsServer(facts.get(StackFacts.APNS_HOST), Integer.parseInt(facts.get(StackFacts.APNS_PORT)))
                .setSigningKey(ApnsSigningKey.loadFromPkcs8File(new File(facts.get(StackFacts.APNS_SIGNING_KEY)),
                        facts.get(StackFacts.APNS_TEAM_ID), facts.get(StackFacts.APNS_KEY_ID)))
                .setTrustedServerCertificateChain(new File(facts.get(StackFacts.APNS_CERTIFICATE)))
                .setConcurrentConnections(APNS_CONNECTIONS)
                .setUseAlpn(true)
                .build();
        String topic = facts.get(StackFacts.APNS_BUNDLE_ID);
        String payload = "{\"aps\":{\"alert\":\"hello\"}}";
        try {
            client.sendNotification(new SimpleApnsPushNotification("ab".repeat(32), topic, payload)).get();
            Semaphore inFlight = new Semaphore(APNS_IN_FLIGHT);
            long start = System.nanoTime();
            List<CompletableFuture<?>> sends = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                sends.add(client.sendNotification(new SimpleApnsPushNotification(String.format("%08x%056x", run.hashCode(), (long) i),
                        topic, payload, Instant.now().plusSeconds(3600))).whenComplete((r, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("bare pushy (%s), %d connections, %d in flight: %,d sends in %.2f s%n", label, APNS_CONNECTIONS,
                    APNS_IN_FLIGHT, n, seconds);
            return n / seconds;
        } finally {
            client.close().get();
        }
    }

    private long accepted(String emulatorKey) throws Exception {
        return stack.call("GET", facts.get(emulatorKey) + "/emulator/counts", null).json().get("accepted").asLong();
    }
}
