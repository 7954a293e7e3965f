package dev.tidings.contracts.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (provider credentials) with AES-256-GCM under the master key, for the database and for
 * the apps topic. A sealed value is {@code v1.<key id>.<base64 of nonce || ciphertext || tag>}; the key id
 * (the first 8 bytes of the key's SHA-256, hex) says which master key opens it, so a new master key can be
 * introduced while values sealed under the previous one are still read. The context (e.g. the app id and
 * provider) is authenticated with the value: a sealed credential copied to another app does not open.
 */
public final class Sealer {
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private Sealer(List<byte[]> keys) {
        this.keys = new LinkedHashMap<>();
        for (byte[] key : keys) {
            this.keys.put(idOf(key), new SecretKeySpec(key, "AES"));
        }
        this.currentId = idOf(keys.get(0));
    }

    /**
     * @param current the master key that seals, base64 of 32 bytes
     * @param previous master keys that still open what they sealed (may be empty)
     * @throws IllegalArgumentException when a key is not 32 bytes of base64
     */
    public static Sealer of(String current, List<String> previous) {
        List<byte[]> keys = new java.util.ArrayList<>();
        keys.add(decodeKey(current));
        previous.forEach(p -> keys.add(decodeKey(p)));
        return new Sealer(keys);
    }

    private static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("a master key (TIDINGS_MASTER_KEY) must be 32 random bytes in base64: openssl rand -base64 32");
        }
        return key;
    }

    public String seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return VERSION + "." + currentId + "." + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String seal(String plaintext, String context) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    /** @throws IllegalArgumentException when the value is not sealed by a known master key for this context */
    public byte[] open(String sealed, String context) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("not a sealed value");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalArgumentException("sealed with master key " + parts[1] + ", which is not configured");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the sealed value does not open: it was altered, or sealed for another app", e);
        }
    }

    public String openText(String sealed, String context) {
        return new String(open(sealed, context), StandardCharsets.UTF_8);
    }

    /** Whether the current master key sealed this value (false: an earlier one did, or it is not sealed). */
    public boolean sealedWithCurrentKey(String sealed) {
        return sealed != null && sealed.startsWith(VERSION + "." + currentId + ".");
    }

    /** The id of the master key that seals. */
    public String keyId() {
        return currentId;
    }

    private static String idOf(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
