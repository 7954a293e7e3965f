package dev.tidings.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Channels;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.gateway.Caller;
import dev.tidings.gateway.MessageStatus;
import dev.tidings.gateway.PublishedMessage;
import dev.tidings.gateway.mapping.PublishRequest;
import dev.tidings.gateway.mapping.PublishRequestParser;
import dev.tidings.gateway.service.AppService;
import dev.tidings.gateway.service.OutcomeQueries;
import dev.tidings.gateway.service.PublishService;
import dev.tidings.gateway.mapping.TemplateSendParser;
import dev.tidings.gateway.service.TemplateServiceProxy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** The Backendless Messaging API: {@code /{applicationId}/{apiKey}/messaging/...}. */
@Path("/{appId}/{apiKey}/messaging")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MessagingResource {
    private final AppService apps;
    private final PublishService publisher;
    private final TemplateServiceProxy templateService;
    private final OutcomeQueries outcomes;
    private final dev.tidings.gateway.limits.RateLimits limits;

    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.core.HttpHeaders headers;

    public MessagingResource(AppService apps, PublishService publisher, TemplateServiceProxy templateService,
                             OutcomeQueries outcomes, dev.tidings.gateway.limits.RateLimits limits) {
        this.limits = limits;
        this.apps = apps;
        this.publisher = publisher;
        this.templateService = templateService;
        this.outcomes = outcomes;
    }

    /** The caller: the app and API key of the path, and the user of the {@code user-token} header, if any. */
    private Uni<Caller> caller(String appId, String apiKey) {
        return apps.authenticate(appId, apiKey, headers.getHeaderString("user-token"));
    }

    /** Registers a device; with a user-token, for that user (as Backendless links a device to the logged-in user). */
    @POST
    @Path("registrations")
    public Uni<Response> register(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey, byte[] body) {
        return caller(appId, apiKey)
                .invoke(() -> limits.registration(appId))
                .chain(caller -> templateService.forward(HttpMethod.POST, appId, "registrations", asUser(caller, body)))
                .map(MessagingResource::passThrough);
    }

    /**
     * The registration body, with the caller's user as its {@code userId} when a user-token was given.
     *
     * @throws ApiException 400/5906 when the body names another user than the token's
     */
    static byte[] asUser(Caller caller, byte[] body) {
        byte[] given = body == null ? new byte[0] : body;
        if (caller.userId() == null) {
            return given;
        }
        JsonNode json = PublishRequestParser.readJson(given);
        if (!json.isObject()) {
            return given; // template-service refuses it with its own answer
        }
        JsonNode userId = json.get("userId");
        if (userId != null && !userId.isNull() && !userId.asText().equals(caller.userId())) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REGISTRATION,
                    "userId must be the user of the user-token, or left out");
        }
        ((ObjectNode) json).put("userId", caller.userId());
        return Json.encode(json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @GET
    @Path("registrations/{deviceId}")
    public Uni<Response> registrations(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                       @PathParam("deviceId") String deviceId) {
        return caller(appId, apiKey)
                .chain(() -> templateService.forward(HttpMethod.GET, appId, registration(deviceId), null))
                .map(MessagingResource::passThrough);
    }

    @DELETE
    @Path("registrations/{deviceId}")
    public Uni<Response> unregister(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                    @PathParam("deviceId") String deviceId) {
        return caller(appId, apiKey)
                .invoke(() -> limits.registration(appId))
                .chain(() -> templateService.forward(HttpMethod.DELETE, appId, registration(deviceId), null))
                .map(MessagingResource::passThrough);
    }

    @POST
    @Path("{channel}")
    public Uni<ObjectNode> publish(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                   @PathParam("channel") String channel,
                                   @jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey, byte[] body) {
        return caller(appId, apiKey).chain(caller -> {
            limits.publish(appId);
            Channels.requirePublishable(channel);
            caller.requireMayPublish(channel);
            PublishRequest request = PublishRequestParser.parse(PublishRequestParser.readJson(body));
            return publisher.publish(appId, channel, request, scoped(caller, idempotencyKey));
        }).map(MessagingResource::accepted);
    }

    /**
     * Sends a push template: its audience, its content personalised for each recipient with the
     * {@code templateValues} given here, now or as {@code publishAt} and {@code repeatEvery} say. Publishing
     * needs permission on the template's channel.
     */
    @POST
    @Path("push/{templateName}")
    public Uni<ObjectNode> pushWithTemplate(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                            @PathParam("templateName") String templateName,
                                            @jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey,
                                            byte[] body) {
        return caller(appId, apiKey).invoke(() -> limits.publish(appId))
                .chain(caller -> templateService.template(appId, templateName).chain(t -> {
            String channel = t.audience().channel();
            caller.requireMayPublish(channel);
            PublishRequest request = TemplateSendParser.parse(body, t, Instant.now());
            return publisher.publish(appId, channel, request, scoped(caller, idempotencyKey));
        })).map(MessagingResource::accepted);
    }

    /** The templates that reach devices of this type ({@code IOS} or {@code ANDROID}), by name. */
    @GET
    @Path("pushtemplates/{deviceType}")
    public Uni<Response> pushTemplates(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                       @PathParam("deviceType") String deviceType) {
        return caller(appId, apiKey)
                .chain(() -> templateService.forward(HttpMethod.GET, appId,
                        "pushtemplates/" + TemplateServiceProxy.encode(deviceType), null))
                .map(MessagingResource::passThrough);
    }

    /**
     * The Idempotency-Key as stored: per API key, so a key shipped in a client app cannot take a key the
     * backend will use (and learn from the answer what the backend published).
     */
    private static String scoped(Caller caller, String idempotencyKey) {
        if (idempotencyKey == null) {
            return null;
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "Idempotency-Key must have 1 to 255 characters");
        }
        return caller.keyId() + "/" + idempotencyKey;
    }

    private static ObjectNode accepted(PublishedMessage m) {
        return Json.MAPPER.createObjectNode()
                .put("status", m.scheduleState == null ? MessageStatus.PUBLISHED : MessageStatus.SCHEDULED)
                .put("messageId", m.messageId)
                .putNull("errorMessage");
    }

    private static String registration(String deviceId) {
        return "registrations/" + TemplateServiceProxy.encode(deviceId);
    }

    /** Cancels a delayed or repeating message: nothing of it fires after this answers. */
    @DELETE
    @Path("{messageId}")
    public Uni<ObjectNode> cancel(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                  @PathParam("messageId") String messageId) {
        return caller(appId, apiKey)
                .chain(() -> publisher.cancel(appId, messageId))
                .map(fired -> Json.MAPPER.createObjectNode()
                        .put("status", MessageStatus.CANCELLED)
                        .put("messageId", messageId)
                        .put("occurrences", fired));
    }

    @GET
    @Path("{messageId}")
    public Uni<ObjectNode> status(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                  @PathParam("messageId") String messageId) {
        return caller(appId, apiKey)
                .chain(() -> publisher.find(appId, messageId))
                .chain(m -> {
                    if (m == null) {
                        throw new ApiException(404, ErrorCodes.MESSAGE_NOT_FOUND, "no message with id " + messageId);
                    }
                    return outcomes.perOccurrence(messageId).map(list -> {
                        ObjectNode status = describe(m);
                        status.set("perOccurrence", list);
                        return status;
                    });
                });
    }

    /** Beyond Backendless: what happened on each device, with the provider's reason when it failed. */
    @GET
    @Path("{messageId}/deliveries")
    public Uni<ObjectNode> deliveries(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                      @PathParam("messageId") String messageId,
                                      @jakarta.ws.rs.QueryParam("outcome") String outcomeParam,
                                      @jakarta.ws.rs.QueryParam("status") String statusParam,
                                      @jakarta.ws.rs.QueryParam("offset") @jakarta.ws.rs.DefaultValue("0") String offsetParam,
                                      @jakarta.ws.rs.QueryParam("limit") @jakarta.ws.rs.DefaultValue("100") String limitParam) {
        // read here rather than as int parameters, which answer a 404 for "abc" or a number beyond an int
        int offset = wholeNumber(offsetParam);
        int limit = wholeNumber(limitParam);
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "offset must be 0 or more and limit from 1 to 1000");
        }
        if (outcomeParam != null && statusParam != null) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "give outcome or status, not both");
        }
        // ?status=failed reads as well as ?outcome=FAILED: any letter case
        String given = outcomeParam != null ? outcomeParam : statusParam;
        String outcome = given == null ? null : given.toUpperCase(java.util.Locale.ROOT);
        if (outcome != null && !java.util.List.of("DELIVERED", "FAILED", "TOKEN_INVALID").contains(outcome)) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "outcome (or status) must be DELIVERED, FAILED or TOKEN_INVALID");
        }
        return caller(appId, apiKey)
                .chain(() -> publisher.find(appId, messageId))
                .chain(m -> {
                    if (m == null) {
                        throw new ApiException(404, ErrorCodes.MESSAGE_NOT_FOUND, "no message with id " + messageId);
                    }
                    return outcomes.list(messageId, outcome, offset, limit);
                });
    }

    /** A whole number in the int range, or -1 (which every caller refuses) */
    private static int wholeNumber(String text) {
        return text.matches("\\d{1,9}") ? Integer.parseInt(text) : -1;
    }

    static ObjectNode describe(PublishedMessage m) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("messageId", m.messageId)
                .put("status", m.status)
                .put("errorMessage", m.errorMessage)
                .put("channel", m.channel)
                .put("recipients", m.recipients)
                .put("successfulSendsAmount", m.successful)
                .put("failedSendsAmount", m.failed)
                .put("pending", m.pending())
                .put("occurrences", m.occurrences)
                .put("publishedAt", m.createdAt.toEpochMilli());
        if (m.scheduleState != null) {
            node.put("publishAt", m.publishAt.toEpochMilli());
            putMillis(node, "nextDueAt", m.nextDueAt);
            if (m.repeatEvery == null) {
                node.putNull("repeatEvery");
            } else {
                node.put("repeatEvery", m.repeatEvery);
            }
            putMillis(node, "repeatExpiresAt", m.repeatExpiresAt);
        }
        return node;
    }

    private static void putMillis(ObjectNode node, String field, Instant at) {
        if (at == null) {
            node.putNull(field);
        } else {
            node.put(field, at.toEpochMilli());
        }
    }

    static Response passThrough(TemplateServiceProxy.Answer answer) {
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }
}
