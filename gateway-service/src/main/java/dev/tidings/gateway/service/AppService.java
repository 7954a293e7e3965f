package dev.tidings.gateway.service;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.gateway.ApiKey;
import dev.tidings.gateway.App;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/** Apps and their API keys. Keys are shown once, at creation, and stored only as SHA-256 hashes. */
@ApplicationScoped
public class AppService {

    public record CreatedApp(String appId, String name, String apiKey) {
    }

    @WithTransaction
    public Uni<CreatedApp> create(String name) {
        App app = new App();
        app.appId = newId();
        app.name = name;
        app.createdAt = Instant.now();
        String key = newId();
        ApiKey apiKey = new ApiKey();
        apiKey.keyHash = hash(key);
        apiKey.appId = app.appId;
        apiKey.createdAt = app.createdAt;
        return app.<App>persist().chain(a -> apiKey.persist()).map(k -> new CreatedApp(app.appId, name, key));
    }

    /**
     * Checks that the key is a live key of the app. An unknown app and a wrong key get the same answer,
     * so a caller learns nothing about which app ids exist.
     */
    @WithSession
    public Uni<Void> authenticate(String appId, String apiKey) {
        return ApiKey.<ApiKey>findById(hash(apiKey)).map(key -> {
            if (key == null || key.revokedAt != null || !key.appId.equals(appId)) {
                throw new ApiException(401, ErrorCodes.INVALID_API_KEY, "invalid application id or API key");
            }
            return null;
        });
    }

    static String newId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    static String hash(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
