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
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.dispatcher.config.DispatcherConfig;
import dev.tidings.dispatcher.provider.PushSender;
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
 * Android deliveries through the real firebase-admin client and FCM HTTP v1. One FirebaseApp for the
 * service's credential, built at start-up; its executor is a fixed pool sized by configuration, because
 * every send blocks a thread for one HTTP exchange.
 */
@ApplicationScoped
public class FcmSender implements PushSender {
    private static final Logger LOG = Logger.getLogger(FcmSender.class);

    private final DispatcherConfig.Fcm config;
    private volatile FirebaseMessaging messaging;
    private volatile String problem = "FCM credentials not loaded yet";
    private FirebaseApp app;

    public FcmSender(DispatcherConfig config) {
        this.config = config.fcm();
    }

    void start(@Observes StartupEvent event) {
        if (config.serviceAccountFile().isEmpty()) {
            problem = "no FCM service account configured (tidings.fcm.service-account-file)";
            LOG.warn(problem + ": Android deliveries will fail");
            return;
        }
        String file = config.serviceAccountFile().get();
        GoogleCredentials credentials;
        try (InputStream in = new FileInputStream(file)) {
            credentials = GoogleCredentials.fromStream(in).createScoped("https://www.googleapis.com/auth/firebase.messaging");
        } catch (IOException e) {
            // a configured credential that does not load is an operator error: refuse to start
            throw new IllegalStateException("cannot load the FCM service account " + file + ": " + e.getMessage(), e);
        }
        FirebaseOptions.Builder options = FirebaseOptions.builder()
                .setCredentials(credentials)
                .setThreadManager(new FixedThreadManager(config.threads()))
                .setConnectTimeout((int) config.timeout().toMillis())
                .setReadTimeout((int) config.timeout().toMillis());
        config.endpoint().ifPresent(endpoint -> options.setHttpTransport(redirectedTransport(endpoint)));
        app = FirebaseApp.initializeApp(options.build(), "tidings-fcm");
        messaging = FirebaseMessaging.getInstance(app);
        problem = null;
        LOG.infof("FCM sender ready (%d threads%s)", config.threads(),
                config.endpoint().map(e -> ", endpoint " + e).orElse(""));
    }

    void stop(@Observes ShutdownEvent event) {
        if (app != null) {
            app.delete();
        }
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
        return messaging != null;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public CompletionStage<List<DeviceOutcome>> send(DeliveryBatch batch) {
        List<Recipient> recipients = batch.recipients();
        if (messaging == null) {
            return CompletableFuture.completedFuture(allFailed(recipients, problem));
        }
        List<Message> messages = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            messages.add(FcmMessages.toMessage(batch.android(), r.token()));
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
                outcomes.add(new DeviceOutcome(deviceId, Os.ANDROID, FcmOutcomes.classify(e.getMessagingErrorCode()), reason));
            }
        }
        return outcomes;
    }

    private static List<DeviceOutcome> allFailed(List<Recipient> recipients, String reason) {
        return PushSender.allFailed(recipients, Os.ANDROID, reason);
    }

    /** firebase-admin's executor as a fixed pool of daemon threads, instead of its unbounded default. */
    static final class FixedThreadManager extends ThreadManager {
        private final int threads;

        FixedThreadManager(int threads) {
            this.threads = threads;
        }

        @Override
        protected ExecutorService getExecutor(FirebaseApp app) {
            return Executors.newFixedThreadPool(threads, getThreadFactory());
        }

        @Override
        protected void releaseExecutor(FirebaseApp app, ExecutorService executor) {
            executor.shutdownNow();
        }

        @Override
        protected ThreadFactory getThreadFactory() {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, "fcm-send-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
