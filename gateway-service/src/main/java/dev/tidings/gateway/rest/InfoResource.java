package dev.tidings.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.Json;
import dev.tidings.gateway.service.AppService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /{appId}/{apiKey}/info}: the Backendless SDKs call it once at start-up. */
@Path("/{appId}/{apiKey}/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {
    private final AppService apps;

    public InfoResource(AppService apps) {
        this.apps = apps;
    }

    /** With a user-token that is no live session: 401/3064, on which the SDKs drop the token and ask again. */
    @GET
    public Uni<ObjectNode> info(@PathParam("appId") String appId, @PathParam("apiKey") String apiKey,
                                @jakarta.ws.rs.HeaderParam("user-token") String userToken) {
        // Tidings has no real-time server: rtURL is null, which the SDKs take as "no RT features"
        return apps.authenticate(appId, apiKey, userToken).map(x -> Json.MAPPER.createObjectNode()
                .put("appId", appId)
                .put("product", "Tidings")
                .putNull("rtURL"));
    }
}
