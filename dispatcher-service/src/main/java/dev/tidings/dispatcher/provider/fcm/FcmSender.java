package dev.tidings.dispatcher.provider.fcm;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.core.ApiFuture;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.ThreadManager;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.SendResponse;
import com.google.common.util.concurrent.MoreExecutors;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.crypto.Sealer;
import dev.tidings.contracts.events.AppSettings;
import dev.tidings.dispatcher.apps.AppRegistry;
import dev.tidings.dispatcher.provider.ClientCache;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.dispatcher.config.DispatcherConfig;
import dev.tidings.dispatcher.provider.PushSender;
import dev.tidings.dispatcher.provider.Verdict;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Android deliveries through the real firebase-admin client and FCM HTTP v1. An app that uploaded its
 * own service account sends with it (one FirebaseApp per credential, built on first use); the others use
 * the service's default credential, when one is configured. Every FirebaseApp shares one fixed pool of
 * threads sized by configuration, because every send blocks a thread for one HTTP exchange.
 */
@ApplicationScoped
public class FcmSender implements PushSender {
    private static final Logger LOG = Logger.getLogger(FcmSender.class);
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    private final DispatcherConfig.Fcm config;
    private final AppRegistry apps;
    private final Sealer sealer;
    private final ClientCache<FirebaseApp> perApp;
    private final AtomicInteger appNames = new AtomicInteger();
    private ExecutorService pool;
    private volatile String problem = "FCM credentials not loaded yet";
    private volatile FirebaseApp app;

    public FcmSender(DispatcherConfig config, AppRegistry apps, Sealer sealer) {
        this.config = config.fcm();
        this.apps = apps;
        this.sealer = sealer;
        // a send may wait in the pool and then take up to twice the timeout: keep a replaced app longer
        this.perApp = new ClientCache<>("FCM", FirebaseApp::delete, this.config.timeout().multipliedBy(4));
    }

    void start(@Observes StartupEvent event) {
        pool = Executors.newFixedThreadPool(config.threads(), SharedThreadManager.threadFactory());
        if (config.serviceAccountFile().isEmpty()) {
            problem = "no FCM credential: the app has none of its own and no default is configured (tidings.fcm.service-account-file)";
            LOG.warn("no default FCM service account configured: only apps with their own credential can send to Android");
            return;
        }
        String file = config.serviceAccountFile().get();
        GoogleCredentials credentials;
        try (InputStream in = new FileInputStream(file)) {
            credentials = GoogleCredentials.fromStream(in).createScoped(SCOPE);
        } catch (IOException e) {
            // a configured credential that does not load is an operator error: refuse to start
            throw new IllegalStateException("cannot load the FCM service account " + file + ": " + e.getMessage(), e);
        }
        app = FirebaseApp.initializeApp(options(credentials), "tidings-fcm");
        problem = null;
        LOG.infof("FCM sender ready (%d threads%s)", config.threads(),
                config.endpoint().map(e -> ", endpoint " + e).orElse(""));
    }

    void stop(@Observes ShutdownEvent event) {
        perApp.closeAll();
        if (app != null) {
            app.delete();
        }
        pool.shutdownNow();
    }

    private FirebaseOptions options(GoogleCredentials credentials) {
        FirebaseOptions.Builder options = FirebaseOptions.builder()
                .setCredentials(credentials)
                .setThreadManager(new SharedThreadManager(pool))
                .setConnectTimeout((int) config.timeout().toMillis())
                .setReadTimeout((int) config.timeout().toMillis());
        config.endpoint().ifPresent(endpoint -> options.setHttpTransport(redirectedTransport(endpoint)));
        return options.build();
    }

    /** The client for the app's deliveries: its own credential's, else the default; or why there is none. */
    private ClientCache.Entry<FirebaseApp> clientFor(String appId) {
        AppSettings settings = apps.get(appId);
        if (settings == null || settings.fcm() == null) {
            perApp.remove(appId);
            return new ClientCache.Entry<>("default", app, problem);
        }
        String sealed = settings.fcm().sealedServiceAccount();
        return perApp.get(appId, sealed, () -> {
            String json = sealer.openText(sealed, AppSettings.context(appId, AppSettings.FCM));
            GoogleCredentials credentials = GoogleCredentials.fromStream(
                    new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).createScoped(SCOPE);
            return FirebaseApp.initializeApp(options(credentials), "app-" + appId + "-" + appNames.incrementAndGet());
        });
    }

    /** Apps whose own FCM credential does not load, with the reason. */
    public java.util.List<String> brokenCredentials() {
        return perApp.problems();
    }

    /**
     * firebase-admin's send URL is fixed to fcm.googleapis.com; this transport keeps path and query and
     * opens the connection to another host instead. Only for emulators.
     */
    static NetHttpTransport redirectedTransport(String endpoint) {
        URI target = URI.create(endpoint);
        return new NetHttpTransport.Builder()
                .setConnectionFactory(url -> (HttpURLConnection) new URL(target.getScheme(), target.getHost(), target.getPort(), url.getFile()).openConnection())
                .build();
    }

    @Override
    public boolean ready() {
        return app != null;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public CompletionStage<List<DeviceOutcome>> send(DeliveryBatch batch) {
        List<Recipient> recipients = batch.recipients();
        ClientCache.Entry<FirebaseApp> client = clientFor(batch.appId());
        if (client.client() == null) {
            return CompletableFuture.completedFuture(allFailed(recipients, client.problem()));
        }
        FirebaseMessaging messaging = FirebaseMessaging.getInstance(client.client());
        List<Message> messages = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            messages.add(FcmMessages.toMessage(r.android() != null ? r.android() : batch.android(), r.token()));
        }
        CompletableFuture<List<DeviceOutcome>> result = new CompletableFuture<>();
        ApiFuture<BatchResponse> future = messaging.sendEachAsync(messages);
        future.addListener(() -> {
            try {
                result.complete(outcomes(recipients, future.get()));
            } catch (Exception e) {
                result.complete(allFailed(recipients, "FCM send failed: " + e.getMessage()));
            }
        }, MoreExecutors.directExecutor());
        return result.completeOnTimeout(allFailed(recipients, "FCM did not answer in " + config.timeout()),
                config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    private static List<DeviceOutcome> outcomes(List<Recipient> recipients, BatchResponse response) {
        List<SendResponse> answers = response.getResponses();
        List<DeviceOutcome> outcomes = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            SendResponse answer = answers.get(i);
            String deviceId = recipients.get(i).deviceId();
            if (answer.isSuccessful()) {
                outcomes.add(new DeviceOutcome(deviceId, Os.ANDROID, Outcome.DELIVERED, null));
            } else {
                FirebaseMessagingException e = answer.getException();
                String reason = e.getMessagingErrorCode() != null ? e.getMessagingErrorCode().name() : e.getErrorCode().name();
                Verdict verdict = FcmOutcomes.classify(e.getMessagingErrorCode(), e.getErrorCode(), e.getMessage());
                outcomes.add(new DeviceOutcome(deviceId, Os.ANDROID, verdict.outcome(), reason));
            }
        }
        return outcomes;
    }

    private static List<DeviceOutcome> allFailed(List<Recipient> recipients, String reason) {
        return PushSender.allFailed(recipients, Os.ANDROID, reason);
    }

    /** firebase-admin's executor: the one bounded pool shared by every FirebaseApp, instead of its unbounded default. */
    static final class SharedThreadManager extends ThreadManager {
        private final ExecutorService pool;

        SharedThreadManager(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        protected ExecutorService getExecutor(FirebaseApp app) {
            return pool;
        }

        @Override
        protected void releaseExecutor(FirebaseApp app, ExecutorService executor) {
            // shared: the sender shuts it down when the service stops
        }

        @Override
        protected ThreadFactory getThreadFactory() {
            return threadFactory();
        }

        static ThreadFactory threadFactory() {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, "fcm-send-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
