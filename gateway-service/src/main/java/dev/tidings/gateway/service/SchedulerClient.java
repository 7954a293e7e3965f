package dev.tidings.gateway.service;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.gateway.config.GatewayConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** Cancels schedules in scheduler-service, which owns them. */
@ApplicationScoped
public class SchedulerClient {
    private final ServiceClient scheduler;

    public SchedulerClient(Vertx vertx, GatewayConfig config) {
        this.scheduler = new ServiceClient(vertx, config.schedulerServiceUrl(), "cancelling is unavailable; try again");
    }

    /**
     * Answers once nothing of the message can fire any more, with the number of firings handed off before.
     *
     * @throws ApiException 5040 when the schedule is not waiting (it finished, expired or was cancelled)
     */
    public Uni<Integer> cancel(String appId, String messageId) {
        String path = "/internal/apps/" + ServiceClient.encode(appId) + "/schedules/" + ServiceClient.encode(messageId) + "/cancel";
        return scheduler.call(HttpMethod.POST, path, new byte[0]).map(a -> {
            if (a.status() == 404) {
                throw new ApiException(409, ErrorCodes.MESSAGE_NOT_FOUND,
                        "message " + messageId + " cannot be cancelled: it was already sent, cancelled or expired");
            }
            if (a.status() != 200) {
                throw new ApiException(503, ErrorCodes.UNAVAILABLE, "cancelling is unavailable; try again");
            }
            return Json.decode(a.body(), JsonNode.class)
                    .path("occurrences").asInt();
        });
    }
}
