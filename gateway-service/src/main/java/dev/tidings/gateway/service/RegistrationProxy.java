package dev.tidings.gateway.service;

import dev.tidings.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forwards the registration calls to template-service, which owns devices, and passes its answer
 * (status and Backendless body) through unchanged.
 */
@ApplicationScoped
public class RegistrationProxy {
    public record Answer(int status, String body) {
    }

    private final ServiceClient templateService;

    public RegistrationProxy(Vertx vertx, GatewayConfig config) {
        this.templateService = new ServiceClient(vertx, config.templateServiceUrl(), "registrations are unavailable; try again");
    }

    public Uni<Answer> forward(HttpMethod method, String appId, String deviceId, byte[] body) {
        String path = "/internal/apps/" + ServiceClient.encode(appId) + "/registrations"
                + (deviceId == null ? "" : "/" + ServiceClient.encode(deviceId));
        return templateService.call(method, path, body).map(a -> new Answer(a.status(), a.body()));
    }
}
