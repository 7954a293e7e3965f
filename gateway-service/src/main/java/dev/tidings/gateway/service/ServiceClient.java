package dev.tidings.gateway.service;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Calls the internal HTTP API of another Tidings service; when it cannot be reached the caller gets a 503. */
final class ServiceClient {
    private static final Logger LOG = Logger.getLogger(ServiceClient.class);

    record Answer(int status, String body) {
    }

    private final WebClient client;
    private final String unavailable;

    /** @param unavailable what the caller is told when the service does not answer */
    ServiceClient(Vertx vertx, String baseUrl, String unavailable) {
        URI base = URI.create(baseUrl);
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort())
                .setConnectTimeout(5_000));
        this.unavailable = unavailable;
    }

    Uni<Answer> call(HttpMethod method, String path, byte[] body) {
        HttpRequest<Buffer> request = client.request(method, path)
                .putHeader("content-type", "application/json")
                .timeout(Duration.ofSeconds(30).toMillis());
        Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> response = body == null
                ? request.send() : request.sendBuffer(Buffer.buffer(body));
        return response
                .map(r -> new Answer(r.statusCode(), r.bodyAsString()))
                .onFailure().transform(e -> {
                    LOG.warnf("%s unreachable: %s", path, e.getMessage());
                    return new ApiException(503, ErrorCodes.UNAVAILABLE, unavailable);
                });
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
