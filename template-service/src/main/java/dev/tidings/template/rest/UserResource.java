package dev.tidings.template.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.template.repository.UserRepository;
import dev.tidings.template.service.Properties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The app's users, whose properties fill {@code {Users.<property>}}; a device belongs to one by the
 * {@code userId} it registered with. Internal: the gateway's admin API forwards here.
 */
@Path("/internal/apps/{appId}/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class UserResource {
    static final int MAX_PROPERTIES = 100;

    private final UserRepository users;

    public UserResource(UserRepository users) {
        this.users = users;
    }

    /** Creates the user (201) or replaces its properties (200) with the object given. */
    @PUT
    public Uni<Response> put(@PathParam("appId") String appId, @PathParam("userId") String userId, byte[] body) {
        requireId(userId);
        var json = Json.readRequest(body);
        if (!json.isObject()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_USER, "the body is the user's properties: a JSON object");
        }
        Map<String, Object> properties = Properties.parse(json, MAX_PROPERTIES,
                reason -> ApiException.badRequest(ErrorCodes.INVALID_USER, reason));
        return users.put(appId, userId, properties)
                .map(created -> Response.status(created ? 201 : 200).entity(describe(userId, Json.encode(properties))).build());
    }

    @GET
    public Uni<ObjectNode> get(@PathParam("appId") String appId, @PathParam("userId") String userId) {
        return users.find(appId, userId).map(json -> {
            if (json == null) {
                throw unknown(userId);
            }
            return describe(userId, json);
        });
    }

    @DELETE
    public Uni<Map<String, Boolean>> delete(@PathParam("appId") String appId, @PathParam("userId") String userId) {
        return users.delete(appId, userId).map(deleted -> {
            if (!deleted) {
                throw unknown(userId);
            }
            return Map.of("result", true);
        });
    }

    private static ObjectNode describe(String userId, String propertiesJson) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("userId", userId);
        node.set("properties", Json.decode(propertiesJson, com.fasterxml.jackson.databind.JsonNode.class));
        return node;
    }

    private static void requireId(String userId) {
        if (userId.isBlank() || userId.length() > 255) {
            throw ApiException.badRequest(ErrorCodes.INVALID_USER, "a userId has 1 to 255 characters");
        }
    }

    private static ApiException unknown(String userId) {
        return new ApiException(404, ErrorCodes.UNKNOWN_USER, "no user with id " + userId);
    }
}
