package dev.tidings.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Channels;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.gateway.PublishedMessage;
import dev.tidings.gateway.mapping.PublishRequest;
import dev.tidings.gateway.mapping.PublishRequestParser;
import dev.tidings.gateway.service.AppService;
import dev.tidings.gateway.service.PublishService;
import dev.tidings.gateway.service.RegistrationProxy;
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

/** The Backendless Messaging API: {@code /{applicationId}/{apiKey}/messaging/...}. */
@Path("/{appId}/{apiKey}/messaging")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MessagingResource {
    private final AppService apps;
    private final PublishService publisher;
    private final RegistrationProxy registrations;

    public MessagingResource(AppService apps, PublishService publisher, RegistrationProxy registrations) {
        this.apps = apps;
        this.publisher = publisher;
        this.registrations = registrations;
    }

    @POST
    @Path("registrations")
    public Uni<Response> register(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey, String body) {
        return apps.authenticate(appId, apiKey)
                .chain(() -> registrations.forward(HttpMethod.POST, appId, null, body == null ? "" : body))
                .map(MessagingResource::passThrough);
    }

    @GET
    @Path("registrations/{deviceId}")
    public Uni<Response> registrations(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                       @PathParam("deviceId") String deviceId) {
        return apps.authenticate(appId, apiKey)
                .chain(() -> registrations.forward(HttpMethod.GET, appId, deviceId, null))
                .map(MessagingResource::passThrough);
    }

    @DELETE
    @Path("registrations/{deviceId}")
    public Uni<Response> unregister(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                    @PathParam("deviceId") String deviceId) {
        return apps.authenticate(appId, apiKey)
                .chain(() -> registrations.forward(HttpMethod.DELETE, appId, deviceId, null))
                .map(MessagingResource::passThrough);
    }

    @POST
    @Path("{channel}")
    public Uni<ObjectNode> publish(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                   @PathParam("channel") String channel, String body) {
        return apps.authenticate(appId, apiKey).chain(() -> {
            Channels.requirePublishable(channel);
            PublishRequest request = PublishRequestParser.parse(PublishRequestParser.readJson(body));
            return publisher.publish(appId, channel, request);
        }).map(m -> Json.MAPPER.createObjectNode()
                .put("status", "published")
                .put("messageId", m.messageId)
                .putNull("errorMessage"));
    }

    @GET
    @Path("{messageId}")
    public Uni<ObjectNode> status(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                  @PathParam("messageId") String messageId) {
        return apps.authenticate(appId, apiKey)
                .chain(() -> publisher.find(appId, messageId))
                .map(m -> {
                    if (m == null) {
                        throw new ApiException(404, ErrorCodes.MESSAGE_NOT_FOUND, "no message with id " + messageId);
                    }
                    return describe(m);
                });
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
        return node;
    }

    private static Response passThrough(RegistrationProxy.Answer answer) {
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }
}
