package dev.tidings.gateway.rest;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Who may call the admin API: whoever sends {@code Authorization: Bearer <TIDINGS_ADMIN_TOKEN>}. */
@ApplicationScoped
public class AdminAuth {
    private final byte[] expected;

    public AdminAuth(GatewayConfig config) {
        this.expected = ("Bearer " + config.adminToken()).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws ApiException 401/5908 unless the header carries the admin token (compared in constant time) */
    public void require(String authorization) {
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            throw new ApiException(401, ErrorCodes.ADMIN_UNAUTHORIZED, "a valid admin token is required");
        }
    }
}
