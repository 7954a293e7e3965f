package dev.tidings.dispatcher.provider.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Os;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.events.Recipient;
import dev.tidings.dispatcher.config.DispatcherConfig;
import dev.tidings.dispatcher.provider.PushSender;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * iOS deliveries through the real pushy client over HTTP/2 with token authentication (.p8 key). One
 * long-lived client with several connections; every send is asynchronous and has a timeout.
 */
@ApplicationScoped
public class ApnsSender implements PushSender {
    private static final Logger LOG = Logger.getLogger(ApnsSender.class);

    /** how long APNs keeps a notification for an offline device when the message sets no TTL (FCM's default too) */
    static final java.time.Duration DEFAULT_STORAGE = java.time.Duration.ofDays(28);

    private final DispatcherConfig.Apns config;
    private volatile ApnsClient client;
    private volatile String problem = "APNs credentials not loaded yet";

    public ApnsSender(DispatcherConfig config) {
        this.config = config.apns();
    }

    void start(@Observes StartupEvent event) {
        if (config.signingKeyFile().isEmpty() || config.teamId().isEmpty() || config.keyId().isEmpty() || config.topic().isEmpty()) {
            problem = "no APNs token-auth key configured (tidings.apns.signing-key-file, team-id, key-id, topic)";
            LOG.warn(problem + ": iOS deliveries will fail");
            return;
        }
        try {
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(config.host(), config.port())
                    .setSigningKey(ApnsSigningKey.loadFromPkcs8File(
                            new File(config.signingKeyFile().get()), config.teamId().get(), config.keyId().get()))
                    .setConcurrentConnections(config.connections())
                    // negotiate h2 by ALPN, as TLS intends; APNs accepts it, and so does the emulator
                    .setUseAlpn(true)
                    .setConnectionTimeout(config.timeout());
            if (config.trustedCertificate().isPresent()) {
                builder.setTrustedServerCertificateChain(new File(config.trustedCertificate().get()));
            }
            client = builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the APNs signing key " + config.signingKeyFile().get() + ": " + e.getMessage(), e);
        }
        problem = null;
        LOG.infof("APNs sender ready (%s:%d, %d connections)", config.host(), config.port(), config.connections());
    }

    void stop(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
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
    public CompletionStage<List<DeviceOutcome>> send(DeliveryBatch batch) {
        List<Recipient> recipients = batch.recipients();
        if (client == null) {
            return CompletableFuture.completedFuture(PushSender.allFailed(recipients, Os.IOS, problem));
        }
        IosPush push = batch.ios();
        String payload = Json.encode(push.payload());
        List<CompletableFuture<DeviceOutcome>> sends = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            SimpleApnsPushNotification notification = new SimpleApnsPushNotification(
                    r.token(), config.topic().get(), payload,
                    push.expiration() == null ? Instant.now().plus(DEFAULT_STORAGE) : Instant.ofEpochSecond(push.expiration()),
                    push.priority() != null && push.priority() == 5 ? DeliveryPriority.CONSERVE_POWER : DeliveryPriority.IMMEDIATE,
                    "background".equals(push.pushType()) ? PushType.BACKGROUND : PushType.ALERT,
                    push.collapseId());
            sends.add(client.sendNotification(notification)
                    .thenApply(response -> outcome(r, response))
                    .exceptionally(e -> new DeviceOutcome(r.deviceId(), Os.IOS, Outcome.FAILED, "APNs send failed: " + e.getMessage()))
                    .completeOnTimeout(new DeviceOutcome(r.deviceId(), Os.IOS, Outcome.FAILED, "APNs did not answer in " + config.timeout()),
                            config.timeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(x -> sends.stream().map(CompletableFuture::join).toList());
    }

    private static DeviceOutcome outcome(Recipient r, PushNotificationResponse<SimpleApnsPushNotification> response) {
        if (response.isAccepted()) {
            return new DeviceOutcome(r.deviceId(), Os.IOS, Outcome.DELIVERED, null);
        }
        String reason = response.getRejectionReason().orElse("HTTP " + response.getStatusCode());
        return new DeviceOutcome(r.deviceId(), Os.IOS, ApnsOutcomes.classify(reason), reason);
    }
}
