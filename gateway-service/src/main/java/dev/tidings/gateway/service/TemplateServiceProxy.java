package dev.tidings.gateway.service;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.template.PushTemplate;
import dev.tidings.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Forwards the calls about devices, users and templates to template-service, which owns them, and passes
 * its answer (status and Backendless body) through unchanged. The caller was authenticated here first.
 */
@ApplicationScoped
public class TemplateServiceProxy {
    private static final Logger LOG = Logger.getLogger(TemplateServiceProxy.class);

    public record Answer(int status, String body) {
    }

    private final ServiceClient templateService;

    public TemplateServiceProxy(Vertx vertx, GatewayConfig config) {
        this.templateService = new ServiceClient(vertx, config.templateServiceUrl(),
                "devices and templates are unavailable; try again");
    }

    /**
     * @param path below {@code /internal/apps/{appId}/}, its segments already encoded with {@link #encode}
     */
    public Uni<Answer> forward(HttpMethod method, String appId, String path, byte[] body) {
        return templateService.call(method, "/internal/apps/" + encode(appId) + "/" + path, body)
                .map(a -> new Answer(a.status(), a.body()));
    }

    /**
     * The app's template of that name, as stored.
     *
     * @throws ApiException 404/5920 when there is none
     */
    public Uni<PushTemplate> template(String appId, String name) {
        return forward(HttpMethod.GET, appId, "templates/" + encode(name), null).map(a -> {
            if (a.status() == 200) {
                return Json.decode(a.body(), PushTemplate.class);
            }
            if (a.status() == 404) {
                throw new ApiException(404, ErrorCodes.UNKNOWN_TEMPLATE, "no push template named \"" + name + "\"");
            }
            LOG.warnf("template-service answered %d for a template: %s", a.status(), a.body());
            throw new ApiException(503, ErrorCodes.UNAVAILABLE, "templates are unavailable; try again");
        });
    }

    /** A path segment, dots encoded too, so that "." or ".." names a template instead of moving up the path. */
    public static String encode(String segment) {
        return ServiceClient.encode(segment).replace(".", "%2E");
    }
}
