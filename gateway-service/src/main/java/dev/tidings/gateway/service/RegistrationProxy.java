package dev.tidings.gateway.service;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Forwards the registration calls to template-service, which owns devices, and passes its answer
 * (status and Backendless body) through unchanged.
 */
@ApplicationScoped
public class RegistrationProxy {
    private static final Logger LOG = Logger.getLogger(RegistrationProxy.class);

    public record Answer(int status, String body) {
    }

    private final WebClient client;

    public RegistrationProxy(Vertx vertx, GatewayConfig config) {
        URI base = URI.create(config.templateServiceUrl());
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setConnectTimeout(5_000));
    }

    public Uni<Answer> forward(HttpMethod method, String appId, String deviceId, byte[] body) {
        String path = "/internal/apps/" + encode(appId) + "/registrations" + (deviceId == null ? "" : "/" + encode(deviceId));
        HttpRequest<Buffer> request = client.request(method, path)
                .putHeader("content-type", "application/json")
                .timeout(Duration.ofSeconds(30).toMillis());
        Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> response = body == null
                ? request.send() : request.sendBuffer(Buffer.buffer(body));
        return response
                .map(r -> new Answer(r.statusCode(), r.bodyAsString()))
                .onFailure().transform(e -> {
                    LOG.warnf("template-service unreachable: %s", e.getMessage());
                    return new ApiException(503, ErrorCodes.UNAVAILABLE, "registrations are unavailable; try again");
                });
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
