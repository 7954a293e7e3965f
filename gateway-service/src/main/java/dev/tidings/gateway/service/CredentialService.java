package dev.tidings.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.Topics;
import dev.tidings.contracts.crypto.Sealer;
import dev.tidings.contracts.events.AppSettings;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.gateway.ProviderCredential;
import dev.tidings.gateway.mapping.ProviderCredentials;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * An app's own provider credentials. They are stored sealed, and the app's whole credential state goes
 * to the compacted apps topic (secrets sealed there too), where every dispatcher replica reads it. An
 * upload is answered only once Kafka acknowledged that record; a PUT that failed can simply be repeated.
 */
@ApplicationScoped
public class CredentialService {
    private static final Logger LOG = Logger.getLogger(CredentialService.class);

    private final Sealer sealer;
    private final MutinyEmitter<String> apps;

    public CredentialService(Sealer sealer, @Channel(Topics.APPS) MutinyEmitter<String> apps) {
        this.sealer = sealer;
        this.apps = apps;
    }

    public Uni<ObjectNode> putFcm(String appId, ProviderCredentials.Fcm fcm) {
        ObjectNode summary = Json.MAPPER.createObjectNode().put("projectId", fcm.projectId()).put("clientEmail", fcm.clientEmail());
        return put(appId, AppSettings.FCM, summary, fcm.serviceAccountJson());
    }

    public Uni<ObjectNode> putApns(String appId, ProviderCredentials.Apns apns) {
        ObjectNode summary = Json.MAPPER.createObjectNode().put("auth", "token")
                .put("teamId", apns.teamId()).put("keyId", apns.keyId()).put("bundleId", apns.bundleId())
                .put("production", apns.production());
        return put(appId, AppSettings.APNS, summary, apns.signingKey());
    }

    public Uni<ObjectNode> putApnsCertificate(String appId, ProviderCredentials.ApnsCertificate apns) {
        ObjectNode summary = Json.MAPPER.createObjectNode().put("auth", "certificate")
                .put("bundleId", apns.bundleId()).put("production", apns.production())
                .put("certificateSubject", apns.subject()).put("certificateExpiresAt", apns.expiresAt().toEpochMilli());
        return put(appId, AppSettings.APNS, summary, apns.secret());
    }

    private Uni<ObjectNode> put(String appId, String provider, ObjectNode summary, String secret) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> nextVersion(appId)
                        .call(v -> ProviderCredential.<ProviderCredential>findById(appId + "/" + provider).chain(existing -> {
                            ProviderCredential c = existing != null ? existing : new ProviderCredential();
                            c.id = appId + "/" + provider;
                            c.appId = appId;
                            c.provider = provider;
                            c.summary = summary.toString();
                            c.sealed = sealer.seal(secret, AppSettings.context(appId, provider));
                            c.uploadedAt = now;
                            return c.<ProviderCredential>persist();
                        }))
                        .chain(v -> settings(appId, v)))
                .call(this::distribute)
                .map(s -> shown(summary, now));
    }

    /**
     * Removes the app's credential of that provider. The app's state is distributed even when there was
     * none, so a DELETE whose distribution failed can simply be repeated.
     *
     * @throws ApiException 404/5902 unknown app, 404/5909 when the app had no credential of that provider
     */
    public Uni<Void> delete(String appId, String provider) {
        boolean[] deleted = new boolean[1];
        return Panache.withTransaction(() -> nextVersion(appId)
                        .call(v -> ProviderCredential.deleteById(appId + "/" + provider).invoke(d -> deleted[0] = d))
                        .chain(v -> settings(appId, v)))
                .call(this::distribute)
                .invoke(() -> {
                    if (!deleted[0]) {
                        throw new ApiException(404, ErrorCodes.NOT_FOUND, "app " + appId + " has no " + provider + " credential");
                    }
                })
                .replaceWithVoid();
    }

    /** What resealing did: apps whose state was sent anew, credentials sealed again, and those that did not open. */
    public record Resealed(int apps, int credentials, java.util.List<String> notOpened) {
    }

    /**
     * Seals every stored credential that an earlier master key sealed with the current one instead, app by
     * app (each under the app's lock, with a new version), and sends each such app's state to the
     * dispatchers. What no configured key opens is left as it is and named in the answer: it needs a new
     * upload. Safe to repeat: a credential the current key sealed is not touched.
     */
    public Uni<Resealed> resealAll() {
        return Panache.withSession(() -> ProviderCredential.<ProviderCredential>listAll())
                .map(all -> all.stream().filter(c -> !sealer.sealedWithCurrentKey(c.sealed)).map(c -> c.appId).distinct().toList())
                .chain(appIds -> io.smallrye.mutiny.Multi.createFrom().iterable(appIds)
                        .onItem().transformToUniAndConcatenate(this::reseal)
                        .collect().asList())
                .map(perApp -> {
                    java.util.List<String> notOpened = new java.util.ArrayList<>();
                    int apps = 0;
                    int credentials = 0;
                    for (Resealed r : perApp) {
                        apps += r.credentials() > 0 ? 1 : 0;
                        credentials += r.credentials();
                        notOpened.addAll(r.notOpened());
                    }
                    return new Resealed(apps, credentials, notOpened);
                });
    }

    private Uni<Resealed> reseal(String appId) {
        java.util.List<String> notOpened = new java.util.ArrayList<>();
        int[] resealed = {0};
        return Panache.withTransaction(() -> nextVersion(appId)
                        .call(v -> ProviderCredential.<ProviderCredential>list("appId", appId).invoke(list -> {
                            for (ProviderCredential c : list) {
                                if (sealer.sealedWithCurrentKey(c.sealed)) {
                                    continue;
                                }
                                String context = AppSettings.context(appId, c.provider);
                                try {
                                    c.sealed = sealer.seal(sealer.open(c.sealed, context), context);
                                    resealed[0]++;
                                } catch (IllegalArgumentException e) {
                                    LOG.warnf("the %s credential of app %s does not open: %s", c.provider, appId, e.getMessage());
                                    notOpened.add(c.id);
                                }
                            }
                        }))
                        .chain(v -> settings(appId, v)))
                .call(s -> resealed[0] > 0 ? distribute(s) : Uni.createFrom().voidItem())
                .map(s -> new Resealed(resealed[0] > 0 ? 1 : 0, resealed[0], notOpened));
    }

    /** Takes the app row's lock for this transaction and the next settings version; 404/5902 for no such app. */
    private static Uni<Long> nextVersion(String appId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                                "update gateway.app set settings_version = settings_version + 1 where app_id = ?1")
                        .setParameter(1, appId).executeUpdate()
                        .invoke(n -> {
                            if (n == 0) {
                                throw new ApiException(404, ErrorCodes.UNKNOWN_APP, "no app with id " + appId);
                            }
                        })
                        .chain(() -> s.createNativeQuery("select settings_version from gateway.app where app_id = ?1", Long.class)
                                .setParameter(1, appId).getSingleResult()));
    }

    /** What may be shown of the app's credentials: {@code {"fcm": {...} or null, "apns": {...} or null}}. */
    @WithSession
    public Uni<ObjectNode> describe(String appId) {
        return ProviderCredential.<ProviderCredential>list("appId", appId).map(list -> {
            ObjectNode node = Json.MAPPER.createObjectNode().putNull(AppSettings.FCM).putNull(AppSettings.APNS);
            for (ProviderCredential c : list) {
                node.set(c.provider, shown(Json.decode(c.summary, ObjectNode.class), c.uploadedAt));
            }
            return node;
        });
    }

    private static ObjectNode shown(ObjectNode summary, Instant uploadedAt) {
        return summary.deepCopy().put("uploadedAt", uploadedAt.toEpochMilli());
    }

    private static Uni<AppSettings> settings(String appId, long version) {
        return ProviderCredential.<ProviderCredential>list("appId", appId).map(list -> {
            AppSettings.Fcm fcm = null;
            AppSettings.Apns apns = null;
            for (ProviderCredential c : list) {
                JsonNode s = Json.decode(c.summary, JsonNode.class);
                if (c.provider.equals(AppSettings.FCM)) {
                    fcm = new AppSettings.Fcm(s.path("projectId").asText(), s.path("clientEmail").asText(), c.sealed, c.uploadedAt);
                } else if ("certificate".equals(s.path("auth").asText())) {
                    apns = AppSettings.Apns.certificate(s.path("bundleId").asText(), s.path("production").asBoolean(), c.sealed,
                            c.uploadedAt);
                } else {
                    apns = new AppSettings.Apns(s.path("teamId").asText(), s.path("keyId").asText(), s.path("bundleId").asText(),
                            s.path("production").asBoolean(), c.sealed, c.uploadedAt);
                }
            }
            return new AppSettings(EventMeta.now(), appId, version, fcm, apns);
        });
    }

    /**
     * Sends the app's state to the apps topic. Two changes of one app commit in order (the app row's
     * lock), but their sends may cross; so after sending, the sender looks again and, if a newer version
     * was committed meanwhile, sends that one too. The last record of the app is then the newest state.
     */
    private Uni<Void> distribute(AppSettings settings) {
        return PublishService.send(apps, settings.appId(), settings)
                .chain(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "select settings_version from gateway.app where app_id = ?1", Long.class)
                        .setParameter(1, settings.appId()).getSingleResult())
                        .chain(current -> current > settings.version()
                                ? settings(settings.appId(), current)
                                : Uni.createFrom().<AppSettings>nullItem())))
                .chain(newer -> newer == null ? Uni.createFrom().voidItem() : distribute(newer))
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> {
                    LOG.errorf(e, "credentials of app %s stored but not distributed", settings.appId());
                    return new ApiException(503, ErrorCodes.UNAVAILABLE,
                            "the credential is stored but could not be handed to the dispatchers; repeat the request");
                });
    }
}
