package dev.tidings.dispatcher.provider.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.crypto.Sealer;
import dev.tidings.contracts.events.AppSettings;
import dev.tidings.dispatcher.apps.AppRegistry;
import dev.tidings.dispatcher.provider.ClientCache;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.dispatcher.config.DispatcherConfig;
import dev.tidings.dispatcher.provider.Answer;
import dev.tidings.dispatcher.provider.InFlightLimit;
import dev.tidings.dispatcher.provider.PushSender;
import dev.tidings.dispatcher.provider.Verdict;
import jakarta.annotation.Priority;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * iOS deliveries through the real pushy client over HTTP/2 with token authentication (.p8 key). An app
 * that uploaded its own key sends with it, to production or sandbox APNs as it said, with its bundle id
 * as topic; the others use the service's default key, when one is configured. One long-lived client per
 * key, with several connections; every send is asynchronous and has a timeout.
 */
@ApplicationScoped
public class ApnsSender implements PushSender {
    private static final Logger LOG = Logger.getLogger(ApnsSender.class);

    /** how long APNs keeps a notification for an offline device when the message sets no TTL (FCM's default too) */
    static final java.time.Duration DEFAULT_STORAGE = java.time.Duration.ofDays(28);

    /** A client and the topic (bundle id) it sends for. */
    record Client(ApnsClient client, String topic, InFlightLimit limit) {
    }

    private final DispatcherConfig.Apns config;
    private final AppRegistry apps;
    private final Sealer sealer;
    private final ClientCache<Client> perApp;
    /** one set of I/O threads for every client, however many apps bring their own key */
    private final EventLoopGroup eventLoops = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors());
    /** the default key's client, or null */
    private volatile Client client;
    private volatile String problem = "APNs credentials not loaded yet";

    public ApnsSender(DispatcherConfig config, AppRegistry apps, Sealer sealer) {
        this.config = config.apns();
        this.apps = apps;
        this.sealer = sealer;
        this.perApp = new ClientCache<>("APNs", c -> c.client().close(), this.config.timeout().multipliedBy(4));
    }

    void start(@Observes StartupEvent event) {
        if (config.signingKeyFile().isEmpty() || config.teamId().isEmpty() || config.keyId().isEmpty() || config.topic().isEmpty()) {
            problem = "no APNs credential: the app has none of its own and no default is configured"
                    + " (tidings.apns.signing-key-file, team-id, key-id, topic)";
            LOG.warn("no default APNs key configured: only apps with their own key can send to iOS");
            return;
        }
        try {
            client = new Client(builder(config.host()).setSigningKey(ApnsSigningKey.loadFromPkcs8File(
                    new File(config.signingKeyFile().get()), config.teamId().get(), config.keyId().get())).build(),
                    config.topic().get(), new InFlightLimit(config.maxInFlight()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the APNs signing key " + config.signingKeyFile().get() + ": " + e.getMessage(), e);
        }
        problem = null;
        LOG.infof("APNs sender ready (%s:%d, %d connections)", config.host(), config.port(), config.connections());
    }

    /** A client builder for this host with everything but the credential: connections, I/O threads, trust. */
    private ApnsClientBuilder builder(String host) throws java.io.IOException {
        ApnsClientBuilder builder = new ApnsClientBuilder()
                .setApnsServer(host, config.port())
                .setConcurrentConnections(config.connections())
                .setEventLoopGroup(eventLoops)
                // negotiate h2 by ALPN, as TLS intends; APNs accepts it, and so does the emulator
                .setUseAlpn(true)
                .setConnectionTimeout(config.timeout());
        if (config.trustedCertificate().isPresent()) {
            builder.setTrustedServerCertificateChain(new File(config.trustedCertificate().get()));
        }
        return builder;
    }

    /** After the consumers drained: pushy fails what is still queued when it closes, so nothing may be. */
    void stop(@Observes @Priority(2000) ShutdownEvent event) {
        perApp.closeAll();
        if (client != null) {
            client.client().close().join();
        }
        eventLoops.shutdownGracefully();
    }

    /** The client for the app's deliveries: its own key's, else the default; or why there is none. */
    private ClientCache.Entry<Client> clientFor(String appId) {
        AppSettings settings = apps.get(appId);
        if (settings == null || settings.apns() == null) {
            perApp.remove(appId);
            return new ClientCache.Entry<>("default", client, problem);
        }
        AppSettings.Apns own = settings.apns();
        // the bundle id and environment are part of the client: a change of either builds a new one
        String fingerprint = own.sealedSigningKey() + "|" + own.sealedCertificate() + "|" + own.bundleId() + "|" + own.production();
        String host = own.production() ? config.productionHost() : config.sandboxHost();
        return perApp.get(appId, fingerprint, () -> {
            ApnsClientBuilder builder;
            if (own.sealedCertificate() != null) {
                // certificate-based authentication: the .p12's key and certificate in the TLS handshake
                JsonNode p12 = Json.decode(sealer.openText(own.sealedCertificate(), AppSettings.context(appId, AppSettings.APNS)),
                        JsonNode.class);
                builder = builder(host).setClientCredentials(
                        new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(p12.path("p12").asText())),
                        p12.path("password").asText());
            } else {
                String p8 = sealer.openText(own.sealedSigningKey(), AppSettings.context(appId, AppSettings.APNS));
                builder = builder(host).setSigningKey(ApnsSigningKey.loadFromInputStream(
                        new java.io.ByteArrayInputStream(p8.getBytes(java.nio.charset.StandardCharsets.UTF_8)), own.teamId(), own.keyId()));
            }
            return new Client(builder.build(), own.bundleId(), new InFlightLimit(config.maxInFlight()));
        });
    }

    /** Apps whose own APNs key does not load, with the reason. */
    public List<String> brokenCredentials() {
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
        Client client = target.client();
        String shared = batch.ios() == null ? null : Json.encode(batch.ios().payload());
        // where the message has no collapse id of its own, the occurrence is one: should a crash make a
        // device get this occurrence twice, the second replaces the first on the phone
        String occurrence = batch.occurrenceId();
        String collapseId = occurrence.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 64 ? occurrence : null;
        List<CompletableFuture<Answer>> answers = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            SimpleApnsPushNotification notification;
            try {
                // a personalised send gives each recipient its own payload
                IosPush push = r.ios() != null ? r.ios() : batch.ios();
                String payload = r.ios() != null ? Json.encode(push.payload()) : shared;
                notification = new SimpleApnsPushNotification(
                        r.token(), client.topic(), payload,
                        push.expiration() == null ? Instant.now().plus(DEFAULT_STORAGE) : Instant.ofEpochSecond(push.expiration()),
                        push.priority() != null && push.priority() == 5 ? DeliveryPriority.CONSERVE_POWER : DeliveryPriority.IMMEDIATE,
                        "background".equals(push.pushType()) ? PushType.BACKGROUND : PushType.ALERT,
                        push.collapseId() != null ? push.collapseId() : collapseId);
            } catch (RuntimeException e) {
                answers.add(CompletableFuture.completedFuture(new Answer(r.deviceId(), Verdict.BAD_MESSAGE,
                        "cannot make an APNs notification of it: " + e.getMessage(), null, 0)));
                continue;
            }
            answers.add(client.limit().submit(() -> client.client().sendNotification(notification)
                            .thenApply(response -> answer(r, response))
                            // the slot is free again when the timeout fires, whatever pushy's stream still does
                            .completeOnTimeout(new Answer(r.deviceId(), Verdict.RETRYABLE, "no answer from APNs in " + config.timeout(), null, 1),
                                    config.timeout().toMillis(), TimeUnit.MILLISECONDS))
                    .exceptionally(e -> new Answer(r.deviceId(), Verdict.RETRYABLE, "APNs send failed: " + rootMessage(e), null, 1)));
        }
        return answers;
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static Answer answer(Recipient r, PushNotificationResponse<SimpleApnsPushNotification> response) {
        if (response.isAccepted()) {
            return Answer.delivered(r.deviceId(), 1);
        }
        String reason = response.getRejectionReason().orElse("HTTP " + response.getStatusCode());
        return new Answer(r.deviceId(), ApnsOutcomes.classify(response.getStatusCode(), response.getRejectionReason().orElse(null)),
                reason, null, 1, response.getTokenInvalidationTimestamp().orElse(null));
    }
}
