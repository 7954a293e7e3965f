package dev.tidings.gateway.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.gateway.ApiKey;
import dev.tidings.gateway.App;
import dev.tidings.gateway.Caller;
import dev.tidings.gateway.UserToken;
import dev.tidings.gateway.mapping.PublishRules;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Apps and their API keys. A key is shown once, when it is created, and stored only as its SHA-256
 * hash; the admin API names keys by their public {@code keyId}. An app may have several live keys,
 * so a key is rotated by creating the new one, moving the producers, then revoking the old one.
 */
@ApplicationScoped
public class AppService {

    /** A new key: the only time {@code apiKey} is ever shown. */
    public record CreatedKey(String appId, String keyId, String name, String apiKey, List<PublishRules.Rule> publishRules) {
    }

    public record CreatedApp(String appId, String name, String keyId, String apiKey) {
    }

    @WithTransaction
    public Uni<CreatedApp> create(String name) {
        App app = new App();
        app.appId = newId();
        app.name = name;
        app.createdAt = Instant.now();
        return app.<App>persist().chain(a -> newKey(app.appId, "default", List.of()))
                .map(k -> new CreatedApp(app.appId, name, k.keyId(), k.apiKey()));
    }

    /** @throws ApiException 404/5902 when there is no such app */
    @WithTransaction
    public Uni<CreatedKey> createKey(String appId, String name, List<PublishRules.Rule> rules) {
        return requireApp(appId).chain(app -> newKey(appId, name, rules));
    }

    private static Uni<CreatedKey> newKey(String appId, String name, List<PublishRules.Rule> rules) {
        String key = newId();
        ApiKey apiKey = new ApiKey();
        apiKey.keyHash = hash(key);
        apiKey.keyId = UUID.randomUUID().toString();
        apiKey.appId = appId;
        apiKey.name = name;
        apiKey.publishRules = Json.encode(rules);
        apiKey.createdAt = Instant.now();
        return apiKey.persist().map(k -> new CreatedKey(appId, apiKey.keyId, name, key, rules));
    }

    /** Replaces the key's publish rules; they apply from the next request on. */
    @WithTransaction
    public Uni<ObjectNode> setPublishRules(String appId, String keyId, List<PublishRules.Rule> rules) {
        return requireKey(appId, keyId).map(k -> {
            k.publishRules = Json.encode(rules);
            return describe(k);
        });
    }

    /** Revokes the key at once: the next request with it gets 401/5903. Idempotent. */
    @WithTransaction
    public Uni<ObjectNode> revokeKey(String appId, String keyId) {
        return requireKey(appId, keyId).map(k -> {
            if (k.revokedAt == null) {
                k.revokedAt = Instant.now();
            }
            return describe(k);
        });
    }

    /** The app and its keys (never the keys themselves). */
    @WithSession
    public Uni<ObjectNode> describe(String appId) {
        return requireApp(appId).chain(app -> ApiKey.<ApiKey>list("appId = ?1 order by createdAt", appId).map(keys -> {
            ObjectNode node = Json.MAPPER.createObjectNode()
                    .put("appId", app.appId)
                    .put("name", app.name)
                    .put("createdAt", app.createdAt.toEpochMilli());
            ArrayNode list = node.putArray("keys");
            keys.forEach(k -> list.add(describe(k)));
            return node;
        }));
    }

    /**
     * The caller behind this app id and key, and the user behind the {@code user-token} when one is given.
     * An unknown app, an unknown key, another app's key and a revoked key all get the same answer, so a
     * caller learns nothing about which ids exist; so do an unknown, expired, revoked and another app's
     * user-token (401/3064, on which Backendless SDKs drop the token).
     *
     * @param userToken the {@code user-token} header; null or empty: no user
     */
    @WithSession
    public Uni<Caller> authenticate(String appId, String apiKey, String userToken) {
        return ApiKey.<ApiKey>findById(hash(apiKey)).chain(key -> {
            if (key == null || key.revokedAt != null || !key.appId.equals(appId)) {
                throw new ApiException(401, ErrorCodes.INVALID_API_KEY, "invalid application id or API key");
            }
            List<PublishRules.Rule> rules = rulesOf(key);
            if (userToken == null || userToken.isEmpty()) {
                return Uni.createFrom().item(new Caller(appId, key.keyId, rules, null, Set.of(PublishRules.NOT_AUTHENTICATED)));
            }
            return UserToken.<UserToken>findById(hash(userToken)).map(t -> {
                if (t == null || !t.appId.equals(appId) || !t.expiresAt.isAfter(Instant.now())) {
                    throw new ApiException(401, ErrorCodes.INVALID_USER_TOKEN,
                            "the user-token is not a live session of this app (unknown, expired or revoked): log in again");
                }
                Set<String> roles = new java.util.HashSet<>(rolesOf(t));
                roles.add(PublishRules.AUTHENTICATED);
                return new Caller(appId, key.keyId, rules, t.userId, Set.copyOf(roles));
            });
        });
    }

    /** A new session of one of the app's users: the token is in this answer and nowhere else, ever. */
    public record IssuedUserToken(String userToken, String userId, List<String> roles, long expiresAt) {
    }

    /**
     * Issues a {@code user-token} for a user of the app, with roles, valid for {@code ttl}. The app's backend
     * calls this when it has logged a user in, and hands the token to the user's app.
     *
     * @throws ApiException 404/5902 when there is no such app
     */
    @WithTransaction
    public Uni<IssuedUserToken> issueUserToken(String appId, String userId, List<String> roles, java.time.Duration ttl) {
        return requireApp(appId).chain(app -> {
            String token = newId() + "-" + newId();
            UserToken t = new UserToken();
            t.tokenHash = hash(token);
            t.appId = appId;
            t.userId = userId;
            t.roles = Json.encode(roles);
            t.createdAt = Instant.now();
            t.expiresAt = t.createdAt.plus(ttl);
            List<String> all = new java.util.ArrayList<>(List.of(PublishRules.AUTHENTICATED));
            roles.stream().filter(r -> !all.contains(r)).forEach(all::add);
            // the user's expired sessions go when a new one starts
            return UserToken.delete("appId = ?1 and userId = ?2 and expiresAt <= ?3", appId, userId, t.createdAt)
                    .chain(() -> t.persist())
                    .map(x -> new IssuedUserToken(token, userId, List.copyOf(all), t.expiresAt.toEpochMilli()));
        });
    }

    /**
     * Ends every session of the user (log out everywhere): their tokens answer 401/3064 from the next request on.
     *
     * @return how many tokens were revoked
     * @throws ApiException 404/5902 when there is no such app
     */
    @WithTransaction
    public Uni<Long> revokeUserTokens(String appId, String userId) {
        return requireApp(appId).chain(app -> UserToken.delete("appId = ?1 and userId = ?2", appId, userId));
    }

    private static List<String> rolesOf(UserToken t) {
        return List.of(Json.decode(t.roles, String[].class));
    }

    /** @throws ApiException 404/5902 when there is no such app */
    @WithSession
    public Uni<Void> requireExists(String appId) {
        return requireApp(appId).replaceWithVoid();
    }

    /** @throws ApiException 404/5902 when there is no such app */
    public static Uni<App> requireApp(String appId) {
        return App.<App>findById(appId).map(app -> {
            if (app == null) {
                throw new ApiException(404, ErrorCodes.UNKNOWN_APP, "no app with id " + appId);
            }
            return app;
        });
    }

    private static Uni<ApiKey> requireKey(String appId, String keyId) {
        return requireApp(appId).chain(app -> ApiKey.<ApiKey>find("appId = ?1 and keyId = ?2", appId, keyId).<ApiKey>firstResult())
                .map(k -> {
                    if (k == null) {
                        throw new ApiException(404, ErrorCodes.UNKNOWN_API_KEY, "app " + appId + " has no API key " + keyId);
                    }
                    return k;
                });
    }

    private static ObjectNode describe(ApiKey k) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("keyId", k.keyId)
                .put("name", k.name)
                .put("createdAt", k.createdAt.toEpochMilli());
        if (k.revokedAt == null) {
            node.putNull("revokedAt");
        } else {
            node.put("revokedAt", k.revokedAt.toEpochMilli());
        }
        node.set("publishRules", Json.MAPPER.valueToTree(rulesOf(k)));
        return node;
    }

    private static List<PublishRules.Rule> rulesOf(ApiKey key) {
        return PublishRules.parse(Json.decode(key.publishRules, com.fasterxml.jackson.databind.JsonNode.class));
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
