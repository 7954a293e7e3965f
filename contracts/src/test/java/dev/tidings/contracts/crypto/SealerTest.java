package dev.tidings.contracts.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealerTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void sealsAndOpensForTheSameContextOnly() {
        Sealer sealer = Sealer.of(KEY, List.of());
        String sealed = sealer.seal("-----BEGIN PRIVATE KEY-----secret", "APP-1/apns");
        assertFalse(sealed.contains("secret"));
        assertTrue(sealed.startsWith("v1." + sealer.keyId() + "."));
        assertEquals("-----BEGIN PRIVATE KEY-----secret", sealer.openText(sealed, "APP-1/apns"));
        assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, "APP-2/apns"));
        assertNotEquals(sealed, sealer.seal("-----BEGIN PRIVATE KEY-----secret", "APP-1/apns"), "a fresh nonce every time");
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        Sealer sealer = Sealer.of(KEY, List.of());
        String sealed = sealer.seal("secret", "c");
        String prefix = sealed.substring(0, sealed.lastIndexOf('.') + 1);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        bytes[bytes.length / 2] ^= 1;
        String altered = prefix + Base64.getEncoder().encodeToString(bytes);
        assertThrows(IllegalArgumentException.class, () -> sealer.open(altered, "c"));
        assertThrows(IllegalArgumentException.class, () -> sealer.open("plain text", "c"));
    }

    @Test
    void aPreviousMasterKeyStillOpensWhatItSealed() {
        String old = Sealer.of(KEY, List.of()).seal("secret", "c");
        Sealer rotated = Sealer.of(OTHER, List.of(KEY));
        assertEquals("secret", rotated.openText(old, "c"));
        assertTrue(rotated.seal("secret", "c").startsWith("v1." + rotated.keyId() + "."));
        assertTrue(rotated.sealedWithCurrentKey(rotated.seal("secret", "c")));
        assertFalse(rotated.sealedWithCurrentKey(old), "an earlier key sealed it: it is for resealing");
        assertFalse(rotated.sealedWithCurrentKey("plain"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sealer.of(OTHER, List.of()).open(old, "c"));
        assertTrue(e.getMessage().contains("not configured"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "AAAA", "not base64 at all!"})
    void aMasterKeyMustBe32Bytes(String key) {
        assertThrows(IllegalArgumentException.class, () -> Sealer.of(key, List.of()));
    }
}
