package dev.tidings.template.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.template.Device;
import dev.tidings.template.service.RegistrationParser;
import dev.tidings.template.service.RegistrationService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;

/**
 * Device registrations of one app. Internal: the gateway authenticates the caller and forwards the
 * Backendless {@code /messaging/registrations} calls here with the app id in the path.
 */
@Path("/internal/apps/{appId}/registrations")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {
    private final RegistrationService registrations;

    public RegistrationResource(RegistrationService registrations) {
        this.registrations = registrations;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, String>> register(@PathParam("appId") String appId, byte[] body) {
        var registration = RegistrationParser.parse(Json.readRequest(body), Instant.now());
        return registrations.register(appId, registration)
                .map(id -> Map.of("registrationId", id.toString()));
    }

    @GET
    @Path("{deviceId}")
    public Uni<ArrayNode> get(@PathParam("appId") String appId, @PathParam("deviceId") String deviceId) {
        return registrations.find(appId, deviceId).map(found -> {
            if (found == null) {
                throw new ApiException(404, ErrorCodes.UNKNOWN_DEVICE, "no device with id " + deviceId);
            }
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (String channel : found.channels()) {
                list.add(describe(found.device(), channel));
            }
            return list;
        });
    }

    @DELETE
    @Path("{deviceId}")
    public Uni<Map<String, Boolean>> unregister(@PathParam("appId") String appId, @PathParam("deviceId") String deviceId) {
        return registrations.unregister(appId, deviceId).map(existed -> {
            if (!existed) {
                throw new ApiException(404, ErrorCodes.UNKNOWN_DEVICE_UNREGISTER, "no device with id " + deviceId);
            }
            return Map.of("result", true);
        });
    }

    private static ObjectNode describe(Device d, String channel) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("id", d.registrationId.toString())
                .put("deviceId", d.deviceId)
                .put("deviceToken", d.token)
                .put("os", d.os)
                .put("osVersion", d.osVersion)
                .put("channelName", channel)
                .put("active", d.active);
        if (d.expiration != null) {
            node.put("expiration", d.expiration.toEpochMilli());
        }
        if (d.userId != null) {
            node.put("userId", d.userId);
        }
        return node;
    }
}
