package dev.tidings.devstack.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Checks a compact JWS (RS256 or ES256) the way the providers do, and hands back its header and claims. */
final class Jwt {
    record Verified(JsonNode header, JsonNode claims) {
    }

    /** @throws IllegalArgumentException when the token is malformed or its signature does not verify */
    static Verified verify(String token, PublicKey key) {
        return verify(token, (header, claims) -> key);
    }

    /**
     * Verifies with the key that the token's own header and claims name (its {@code kid}, its issuer), as
     * a provider that knows many accounts does.
     *
     * @param keyFor the key for this header and these claims, or null when the provider knows no such key
     * @throws IllegalArgumentException when the token is malformed, names no known key, or does not verify
     */
    static Verified verify(String token, java.util.function.BiFunction<JsonNode, JsonNode, PublicKey> keyFor) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        try {
            JsonNode header = Json.MAPPER.readTree(b64.decode(parts[0]));
            JsonNode claims = Json.MAPPER.readTree(b64.decode(parts[1]));
            byte[] signed = b64.decode(parts[2]);
            String algorithm = switch (header.path("alg").asText()) {
                case "RS256" -> "SHA256withRSA";
                // JOSE says raw r||s (64 bytes); pushy sends DER, and APNs takes both
                case "ES256" -> signed.length == 64 ? "SHA256withECDSAinP1363Format" : "SHA256withECDSA";
                default -> throw new IllegalArgumentException("unsupported alg " + header.path("alg").asText());
            };
            PublicKey key = keyFor.apply(header, claims);
            if (key == null) {
                throw new IllegalArgumentException("no such key");
            }
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(signed)) {
                throw new IllegalArgumentException("signature does not verify");
            }
            return new Verified(header, claims);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot verify: " + e.getMessage(), e);
        }
    }

    private Jwt() {
    }
}
