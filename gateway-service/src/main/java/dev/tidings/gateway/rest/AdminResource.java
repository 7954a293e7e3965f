package dev.tidings.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.events.AppSettings;
import dev.tidings.gateway.config.GatewayConfig;
import dev.tidings.gateway.mapping.ProviderCredentials;
import dev.tidings.gateway.service.CredentialService;
import dev.tidings.gateway.mapping.PublishRequestParser;
import dev.tidings.gateway.mapping.PublishRules;
import dev.tidings.gateway.service.AppService;
import dev.tidings.gateway.service.TemplateServiceProxy;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.core.Response;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/** The operators' API, behind the admin token ({@code Authorization: Bearer <token>}). */
@Path("/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AdminResource {
    private final AppService apps;
    private final CredentialService credentials;
    private final TemplateServiceProxy templateService;
    private final AdminAuth admin;
    private final java.util.List<String> tokenUris;

    public AdminResource(AppService apps, CredentialService credentials, TemplateServiceProxy templateService,
                         GatewayConfig config, AdminAuth admin) {
        this.apps = apps;
        this.credentials = credentials;
        this.templateService = templateService;
        this.tokenUris = config.fcmTokenUris();
        this.admin = admin;
    }

    /** Creates an app and its first API key; the key is in this answer and nowhere else, ever. */
    @POST
    public Uni<AppService.CreatedApp> createApp(@HeaderParam("Authorization") String authorization, byte[] body) {
        requireAdmin(authorization);
        return apps.create(name(object(body, Set.of("name")), true));
    }

    /** The app, its keys (ids, names, publish rules, revocation) and credentials, never a key or a secret. */
    @GET
    @Path("{appId}")
    public Uni<ObjectNode> app(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId) {
        requireAdmin(authorization);
        return apps.describe(appId).call(app -> credentials.describe(appId).invoke(c -> app.set("credentials", c)));
    }

    /** The app's own FCM credential: the service-account JSON file from the Firebase console, as it is. */
    @PUT
    @Path("{appId}/credentials/fcm")
    public Uni<ObjectNode> putFcm(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId,
                                  byte[] body) {
        requireAdmin(authorization);
        return credentials.putFcm(appId, ProviderCredentials.fcm(PublishRequestParser.readJson(body), tokenUris));
    }

    /** The app's own APNs credential: a .p8 token-auth key with its team id, key id, bundle id and environment. */
    @PUT
    @Path("{appId}/credentials/apns")
    public Uni<ObjectNode> putApns(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId,
                                   byte[] body) {
        requireAdmin(authorization);
        com.fasterxml.jackson.databind.JsonNode json = PublishRequestParser.readJson(body);
        return ProviderCredentials.isCertificate(json)
                ? credentials.putApnsCertificate(appId, ProviderCredentials.apnsCertificate(json))
                : credentials.putApns(appId, ProviderCredentials.apns(json));
    }

    /** Removes the app's own credential; its deliveries go back to the service's default credential, if any. */
    @DELETE
    @Path("{appId}/credentials/{provider}")
    public Uni<ObjectNode> deleteCredential(@HeaderParam("Authorization") String authorization,
                                            @PathParam("appId") String appId, @PathParam("provider") String provider) {
        requireAdmin(authorization);
        if (!provider.equals(AppSettings.FCM) && !provider.equals(AppSettings.APNS)) {
            throw new ApiException(404, ErrorCodes.NOT_FOUND, "provider must be fcm or apns");
        }
        return credentials.delete(appId, provider).map(x -> Json.MAPPER.createObjectNode().put("result", true));
    }

    /** Another API key for the app, e.g. to rotate keys without downtime; the key is shown this once. */
    @POST
    @Path("{appId}/keys")
    public Uni<AppService.CreatedKey> createKey(@HeaderParam("Authorization") String authorization,
                                                @PathParam("appId") String appId, byte[] body) {
        requireAdmin(authorization);
        JsonNode json = body == null || body.length == 0 ? null : object(body, Set.of("name", "publishRules"));
        String name = json == null ? null : name(json, false);
        return apps.createKey(appId, name == null ? "key" : name,
                PublishRules.parse(json == null ? null : json.get("publishRules")));
    }

    /** Replaces which channels the key may publish to. */
    @PUT
    @Path("{appId}/keys/{keyId}/publish-rules")
    public Uni<ObjectNode> setPublishRules(@HeaderParam("Authorization") String authorization,
                                           @PathParam("appId") String appId, @PathParam("keyId") String keyId, byte[] body) {
        requireAdmin(authorization);
        JsonNode json = object(body, Set.of("publishRules"));
        if (!json.path("publishRules").isArray()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "publishRules is required: a list ([] allows every channel)");
        }
        return apps.setPublishRules(appId, keyId, PublishRules.parse(json.get("publishRules")));
    }

    /** Revokes the key at once. */
    @DELETE
    @Path("{appId}/keys/{keyId}")
    public Uni<ObjectNode> revokeKey(@HeaderParam("Authorization") String authorization,
                                     @PathParam("appId") String appId, @PathParam("keyId") String keyId) {
        requireAdmin(authorization);
        return apps.revokeKey(appId, keyId);
    }

    /** Saves a new push template (201); 409/5921 when the name is taken. */
    @POST
    @Path("{appId}/templates")
    public Uni<Response> createTemplate(@HeaderParam("Authorization") String authorization,
                                        @PathParam("appId") String appId, byte[] body) {
        return toTemplateService(authorization, appId, HttpMethod.POST, "templates", nonNull(body));
    }

    @GET
    @Path("{appId}/templates")
    public Uni<Response> templates(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId) {
        return toTemplateService(authorization, appId, HttpMethod.GET, "templates", null);
    }

    @GET
    @Path("{appId}/templates/{name}")
    public Uni<Response> template(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId,
                                  @PathParam("name") String name) {
        return toTemplateService(authorization, appId, HttpMethod.GET, "templates/" + TemplateServiceProxy.encode(name), null);
    }

    /** Replaces a template whole; messages already sent or scheduled keep the version they were accepted with. */
    @PUT
    @Path("{appId}/templates/{name}")
    public Uni<Response> replaceTemplate(@HeaderParam("Authorization") String authorization,
                                         @PathParam("appId") String appId, @PathParam("name") String name, byte[] body) {
        return toTemplateService(authorization, appId, HttpMethod.PUT, "templates/" + TemplateServiceProxy.encode(name),
                nonNull(body));
    }

    @DELETE
    @Path("{appId}/templates/{name}")
    public Uni<Response> deleteTemplate(@HeaderParam("Authorization") String authorization,
                                        @PathParam("appId") String appId, @PathParam("name") String name) {
        return toTemplateService(authorization, appId, HttpMethod.DELETE, "templates/" + TemplateServiceProxy.encode(name),
                null);
    }

    /** Creates a user (201) or replaces its properties (200): the body is the properties object. */
    @PUT
    @Path("{appId}/users/{userId}")
    public Uni<Response> putUser(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId,
                                 @PathParam("userId") String userId, byte[] body) {
        return toTemplateService(authorization, appId, HttpMethod.PUT, "users/" + TemplateServiceProxy.encode(userId),
                nonNull(body));
    }

    @GET
    @Path("{appId}/users/{userId}")
    public Uni<Response> user(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId,
                              @PathParam("userId") String userId) {
        return toTemplateService(authorization, appId, HttpMethod.GET, "users/" + TemplateServiceProxy.encode(userId), null);
    }

    /** Removes the user's properties and ends the user's sessions. */
    @DELETE
    @Path("{appId}/users/{userId}")
    public Uni<Response> deleteUser(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId,
                                    @PathParam("userId") String userId) {
        return toTemplateService(authorization, appId, HttpMethod.DELETE, "users/" + TemplateServiceProxy.encode(userId),
                null).call(() -> apps.revokeUserTokens(appId, userId));
    }

    static final java.time.Duration DEFAULT_SESSION = java.time.Duration.ofDays(30);
    static final java.time.Duration LONGEST_SESSION = java.time.Duration.ofDays(365);
    static final int MAX_ROLES = 20;

    /**
     * A {@code user-token} for one of the app's users (201): what Backendless' login gives a user's app.
     * Body (optional): {@code roles}, a list of role names for publish rules, and {@code expiresInSeconds}
     * (default 30 days, at most 365).
     */
    @POST
    @Path("{appId}/users/{userId}/tokens")
    public Uni<Response> issueUserToken(@HeaderParam("Authorization") String authorization, @PathParam("appId") String appId,
                                        @PathParam("userId") String userId, byte[] body) {
        requireAdmin(authorization);
        if (userId.isEmpty() || userId.length() > 255) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "userId must have 1 to 255 characters");
        }
        JsonNode json = body == null || body.length == 0 ? Json.MAPPER.createObjectNode() : object(body, Set.of("roles", "expiresInSeconds"));
        java.util.List<String> roles = new java.util.ArrayList<>();
        JsonNode r = json.get("roles");
        if (r != null && !r.isNull()) {
            if (!r.isArray() || r.size() > MAX_ROLES) {
                throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "roles must be a list of at most " + MAX_ROLES + " role names");
            }
            for (JsonNode role : r) {
                if (!role.isTextual() || !PublishRules.ROLE.matcher(role.asText()).matches()
                        || role.asText().equals(PublishRules.NOT_AUTHENTICATED)) {
                    throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "a role must have 1 to 64 letters, digits, '_', '-'"
                            + " or '.' (and cannot be " + PublishRules.NOT_AUTHENTICATED + ")");
                }
                if (!roles.contains(role.asText())) {
                    roles.add(role.asText());
                }
            }
        }
        java.time.Duration ttl = DEFAULT_SESSION;
        JsonNode expires = json.get("expiresInSeconds");
        if (expires != null && !expires.isNull()) {
            if (!expires.isIntegralNumber() || !expires.canConvertToLong() || expires.asLong() < 1
                    || expires.asLong() > LONGEST_SESSION.toSeconds()) {
                throw ApiException.badRequest(ErrorCodes.INVALID_FIELD,
                        "expiresInSeconds must be a whole number from 1 to " + LONGEST_SESSION.toSeconds());
            }
            ttl = java.time.Duration.ofSeconds(expires.asLong());
        }
        return apps.issueUserToken(appId, userId, roles, ttl).map(t -> Response.status(201).entity(t).build());
    }

    /** Ends every session of the user: their tokens are refused (401/3064) from the next request on. */
    @DELETE
    @Path("{appId}/users/{userId}/tokens")
    public Uni<ObjectNode> revokeUserTokens(@HeaderParam("Authorization") String authorization,
                                            @PathParam("appId") String appId, @PathParam("userId") String userId) {
        requireAdmin(authorization);
        return apps.revokeUserTokens(appId, userId).map(n -> Json.MAPPER.createObjectNode().put("revoked", n));
    }

    private Uni<Response> toTemplateService(String authorization, String appId, HttpMethod method, String path, byte[] body) {
        requireAdmin(authorization);
        return apps.requireExists(appId)
                .chain(() -> templateService.forward(method, appId, path, body))
                .map(MessagingResource::passThrough);
    }

    private static byte[] nonNull(byte[] body) {
        return body == null ? new byte[0] : body;
    }

    /** A JSON object with only the named fields, or 5900/5904. */
    static JsonNode object(byte[] body, Set<String> fields) {
        JsonNode json = PublishRequestParser.readJson(body);
        if (!json.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "the body must be a JSON object");
        }
        json.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "unknown field " + f + "; expected " + fields);
            }
        });
        return json;
    }

    private static String name(JsonNode json, boolean required) {
        JsonNode name = json.get("name");
        if (name == null && !required) {
            return null;
        }
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 200) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "name must have 1 to 200 characters");
        }
        return name.asText();
    }

    void requireAdmin(String authorization) {
        admin.require(authorization);
    }
}
