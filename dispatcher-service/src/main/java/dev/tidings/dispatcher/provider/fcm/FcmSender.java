package dev.tidings.dispatcher.provider.fcm;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.ThreadManager;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import dev.tidings.contracts.crypto.Sealer;
import dev.tidings.contracts.events.AppSettings;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.dispatcher.apps.AppRegistry;
import dev.tidings.dispatcher.config.DispatcherConfig;
import dev.tidings.dispatcher.provider.Answer;
import dev.tidings.dispatcher.provider.ClientCache;
import dev.tidings.dispatcher.provider.InFlightLimit;
import dev.tidings.dispatcher.provider.PushSender;
import dev.tidings.dispatcher.provider.Verdict;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Android deliveries through the real firebase-admin client and FCM HTTP v1. An app that uploaded its
 * own service account sends with it (one FirebaseApp per credential, built on first use); the others use
 * the service's default credential, when one is configured.
 *
 * <p>firebase-admin's sends block a thread for each HTTP exchange (and for its own retry sleeps), so
 * every send runs on one fixed pool of {@code tidings.fcm.threads} threads, which is the limit of sends in
 * flight; each client may use all of them. A send has a deadline: its HTTP timeouts, and a watchdog that
 * interrupts firebase-admin's retry sleep when the deadline passes, so a thread never waits on one token
 * for long and the answer becomes retryable instead.
 */
@ApplicationScoped
public class FcmSender implements PushSender {
    private static final Logger LOG = Logger.getLogger(FcmSender.class);
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    /** A client and the sends in flight on it. */
    record Client(FirebaseApp app, InFlightLimit limit) {
    }

    private final DispatcherConfig.Fcm config;
    private final AppRegistry apps;
    private final Sealer sealer;
    private final ClientCache<Client> perApp;
    private final AtomicInteger appNames = new AtomicInteger();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fcm-deadlines");
        t.setDaemon(true);
        return t;
    });
    private ExecutorService pool;
    private volatile String problem = "FCM credentials not loaded yet";
    private volatile Client client;

    public FcmSender(DispatcherConfig config, AppRegistry apps, Sealer sealer) {
        this.config = config.fcm();
        this.apps = apps;
        this.sealer = sealer;
        // a send may wait in the pool and then take up to its deadline: keep a replaced app longer
        this.perApp = new ClientCache<>("FCM", c -> c.app().delete(), this.config.timeout().multipliedBy(4));
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
        client = new Client(FirebaseApp.initializeApp(options(credentials), "tidings-fcm"), new InFlightLimit(config.threads()));
        problem = null;
        LOG.infof("FCM sender ready (%d threads%s)", config.threads(),
                config.endpoint().map(e -> ", endpoint " + e).orElse(""));
    }

    /** After the consumers drained: nothing is in flight any more. */
    void stop(@Observes @Priority(2000) ShutdownEvent event) {
        perApp.closeAll();
        if (client != null) {
            client.app().delete();
        }
        watchdog.shutdownNow();
        pool.shutdownNow();
    }

    private FirebaseOptions options(GoogleCredentials credentials) {
        return FirebaseOptions.builder()
                .setCredentials(credentials)
                .setThreadManager(new SharedThreadManager(pool))
                .setConnectTimeout((int) config.timeout().toMillis())
                .setReadTimeout((int) config.timeout().toMillis())
                .setHttpTransport(FcmExchange.transport(config.endpoint().orElse(null)))
                .build();
    }

    /** The client for the app's deliveries: its own credential's, else the default; or why there is none. */
    private ClientCache.Entry<Client> clientFor(String appId) {
        AppSettings settings = apps.get(appId);
        if (settings == null || settings.fcm() == null) {
            perApp.remove(appId);
            return new ClientCache.Entry<>("default", client, problem);
        }
        String sealed = settings.fcm().sealedServiceAccount();
        return perApp.get(appId, sealed, () -> {
            String json = sealer.openText(sealed, AppSettings.context(appId, AppSettings.FCM));
            GoogleCredentials credentials = GoogleCredentials.fromStream(
                    new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).createScoped(SCOPE);
            return new Client(FirebaseApp.initializeApp(options(credentials), "app-" + appId + "-" + appNames.incrementAndGet()),
                    new InFlightLimit(config.threads()));
        });
    }

    /** Apps whose own FCM credential does not load, with the reason. */
    public java.util.List<String> brokenCredentials() {
        return perApp.problems();
    }

    @Override
    public boolean ready() {
        return client != null;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public List<CompletableFuture<Answer>> send(DeliveryBatch batch) {
        List<Recipient> recipients = batch.recipients();
        ClientCache.Entry<Client> target = clientFor(batch.appId());
        if (target.client() == null) {
            return PushSender.notSent(recipients, target.problem());
        }
        FirebaseMessaging messaging = FirebaseMessaging.getInstance(target.client().app());
        List<CompletableFuture<Answer>> answers = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            Message message;
            try {
                message = FcmMessages.toMessage(r.android() != null ? r.android() : batch.android(), r.token());
            } catch (RuntimeException e) {
                // firebase-admin's builders refuse what FCM would: the message is bad, the token is fine
                answers.add(CompletableFuture.completedFuture(new Answer(r.deviceId(), Verdict.BAD_MESSAGE,
                        "cannot make an FCM message of it: " + e.getMessage(), null, 0)));
                continue;
            }
            answers.add(target.client().limit().submit(() -> CompletableFuture.supplyAsync(() -> send(messaging, message, r), pool))
                    // the pool refused it: the service is stopping
                    .exceptionally(e -> new Answer(r.deviceId(), Verdict.RETRYABLE, "FCM send not started: " + e.getMessage(), null, 0)));
        }
        return answers;
    }

    /** One blocking send on a pool thread, with its deadline. */
    private Answer send(FirebaseMessaging messaging, Message message, Recipient r) {
        Object lock = new Object();
        boolean[] done = new boolean[1];
        Thread self = Thread.currentThread();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            synchronized (lock) {
                if (!done[0]) {
                    self.interrupt();
                }
            }
        }, config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        FcmExchange.begin();
        try {
            messaging.send(message);
            return Answer.delivered(r.deviceId(), FcmExchange.end());
        } catch (FirebaseMessagingException e) {
            return answer(r.deviceId(), e, FcmExchange.end());
        } catch (RuntimeException e) {
            return new Answer(r.deviceId(), Verdict.RETRYABLE, "FCM send failed: " + e.getMessage(), null, FcmExchange.end());
        } finally {
            deadline.cancel(false);
            synchronized (lock) {
                done[0] = true;
            }
            // an interrupt that came as the send returned must not reach the thread's next send
            Thread.interrupted();
        }
    }

    static Answer answer(String deviceId, FirebaseMessagingException e, int attempts) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // google-auth's failure to get an access token says whether trying again can help
            if (cause instanceof com.google.auth.Retryable auth) {
                return auth.isRetryable()
                        ? new Answer(deviceId, Verdict.RETRYABLE, "no FCM access token yet: " + cause.getMessage(), null, attempts)
                        // Google refused the service account itself: nothing of this app's goes out until it is fixed
                        : new Answer(deviceId, Verdict.OPERATOR_FAULT, "Google refused the FCM service account: " + cause.getMessage(),
                                null, attempts);
            }
        }
        if (e.getMessagingErrorCode() == null && e.getHttpResponse() == null) {
            // no answer at all: a timeout or a broken connection
            return new Answer(deviceId, Verdict.RETRYABLE, "no answer from FCM: " + e.getMessage(), null, attempts);
        }
        String reason = e.getMessagingErrorCode() != null ? e.getMessagingErrorCode().name() : e.getErrorCode().name();
        Verdict verdict = FcmOutcomes.classify(e.getMessagingErrorCode(), e.getErrorCode(), e.getMessage());
        return new Answer(deviceId, verdict, reason,
                e.getHttpResponse() == null ? null : FcmExchange.retryAfter(e.getHttpResponse().getHeaders()), attempts);
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
