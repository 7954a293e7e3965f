package dev.tidings.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.gateway.config.GatewayConfig;
import dev.tidings.gateway.mapping.PublishRequestParser;
import dev.tidings.gateway.service.AppService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The operators' API, behind the admin token ({@code Authorization: Bearer <token>}). */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AdminResource {
    private final AppService apps;
    private final byte[] adminToken;

    public AdminResource(AppService apps, GatewayConfig config) {
        this.apps = apps;
        this.adminToken = ("Bearer " + config.adminToken()).getBytes(StandardCharsets.UTF_8);
    }

    /** Creates an app and its first API key; the key is in this answer and nowhere else, ever. */
    @POST
    @Path("apps")
    public Uni<AppService.CreatedApp> createApp(@HeaderParam("Authorization") String authorization, byte[] body) {
        requireAdmin(authorization);
        JsonNode json = PublishRequestParser.readJson(body);
        String name = json.path("name").asText("");
        if (name.isBlank() || name.length() > 200) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "name is required (1 to 200 characters)");
        }
        return apps.create(name);
    }

    private void requireAdmin(String authorization) {
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, adminToken)) {
            throw new ApiException(401, ErrorCodes.ADMIN_UNAUTHORIZED, "a valid admin token is required");
        }
    }
}
