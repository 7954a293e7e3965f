package dev.tidings.devstack.emulator;

import dev.tidings.contracts.Json;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The accounts an emulated provider knows, as Google knows every service account and Apple every
 * team's keys: the devstack's own at start, and more added through {@code POST /emulator/accounts}
 * (a test or a user who uploads an app's own credentials registers their public half here first).
 *
 * @param <A> the provider's account record, read from JSON
 */
final class Accounts<A> {
    private final Map<String, A> byId = new ConcurrentHashMap<>();
    private final Class<A> type;
    private final Function<A, String> id;
    private final java.util.function.Consumer<A> check;

    Accounts(Class<A> type, Function<A, String> id, java.util.function.Consumer<A> check) {
        this.type = type;
        this.id = id;
        this.check = check;
    }

    void put(A account) {
        byId.put(id.apply(account), account);
    }

    A get(String accountId) {
        return accountId == null ? null : byId.get(accountId);
    }

    List<A> list() {
        return List.copyOf(byId.values());
    }

    /** @throws IllegalArgumentException when the JSON is not a usable account */
    A add(String json) {
        A account = Json.decode(json, type);
        check.accept(account);
        put(account);
        return account;
    }

    /** A public key from PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    static PublicKey publicKey(String pem, String algorithm) {
        if (pem == null) {
            throw new IllegalArgumentException("publicKey is required (PEM, -----BEGIN PUBLIC KEY-----)");
        }
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("publicKey is not an " + algorithm + " public key in PEM");
        }
    }
}
