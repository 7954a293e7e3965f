package dev.tidings.dispatcher.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One long-lived provider client per app credential: built on the app's first delivery, kept while the
 * credential stays the same, replaced when it changes (the old client is closed once its in-flight
 * sends had time to finish). A credential that does not load is remembered with its reason, so the
 * app's deliveries fail fast and say why, and the service keeps running.
 *
 * @param <C> the provider's client
 */
public final class ClientCache<C> {
    private static final Logger LOG = Logger.getLogger(ClientCache.class);

    /** A client built from one version of an app's credential, or the reason it could not be. */
    public record Entry<C>(String fingerprint, C client, String problem) {
    }

    /** Builds a client from the app's credential; throws when the credential does not load. */
    @FunctionalInterface
    public interface Builder<C> {
        C build() throws Exception;
    }

    private final String provider;
    private final Consumer<C> close;
    private final Duration grace;
    private final Map<String, Entry<C>> byApp = new ConcurrentHashMap<>();

    /** @param grace how long a replaced client stays open: longer than any send on it can take */
    public ClientCache(String provider, Consumer<C> close, Duration grace) {
        this.provider = provider;
        this.close = close;
        this.grace = grace;
    }

    /** @param fingerprint what identifies this version of the credential (its sealed text) */
    public Entry<C> get(String appId, String fingerprint, Builder<C> builder) {
        Entry<C> current = byApp.get(appId);
        if (current != null && current.fingerprint().equals(fingerprint)) {
            return current;
        }
        Object[] replaced = new Object[1];
        Entry<C> built = byApp.compute(appId, (id, old) -> {
            if (old != null && old.fingerprint().equals(fingerprint)) {
                return old;
            }
            replaced[0] = old;
            try {
                Entry<C> e = new Entry<>(fingerprint, builder.build(), null);
                LOG.infof("%s client ready for app %s", provider, appId);
                return e;
            } catch (Exception e) {
                String reason = "the " + provider + " credential of app " + appId + " does not load: " + e.getMessage();
                LOG.warn(reason);
                return new Entry<>(fingerprint, null, reason);
            }
        });
        @SuppressWarnings("unchecked")
        Entry<C> old = (Entry<C>) replaced[0];
        if (old != null && old.client() != null) {
            CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> close.accept(old.client()));
        }
        return built;
    }

    /** Drops the app's client (its own credential was removed). */
    public void remove(String appId) {
        Entry<C> old = byApp.remove(appId);
        if (old != null && old.client() != null) {
            CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> close.accept(old.client()));
        }
    }

    /** Why each app whose credential does not load cannot send, for health checks. */
    public List<String> problems() {
        return byApp.values().stream().map(Entry::problem).filter(p -> p != null).sorted().toList();
    }

    public void closeAll() {
        byApp.values().forEach(e -> {
            if (e.client() != null) {
                close.accept(e.client());
            }
        });
        byApp.clear();
    }
}
