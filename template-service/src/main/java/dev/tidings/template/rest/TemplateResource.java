package dev.tidings.template.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import dev.tidings.contracts.template.PushTemplate;
import dev.tidings.contracts.template.TemplateParser;
import dev.tidings.template.repository.TemplateRepository;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;

/**
 * Push templates of one app. Internal: the gateway checks the admin token (for changes) or the API key
 * (for the client listing) and forwards the calls here with the app id in the path. A template is
 * checked whole when it is saved, so a send never fails on its definition.
 */
@Path("/internal/apps/{appId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class TemplateResource {
    private final TemplateRepository templates;

    public TemplateResource(TemplateRepository templates) {
        this.templates = templates;
    }

    @POST
    @Path("templates")
    public Uni<Response> create(@PathParam("appId") String appId, byte[] body) {
        PushTemplate t = TemplateParser.parse(Json.readRequest(body), null);
        return templates.create(appId, t).map(created -> {
            if (!created) {
                throw new ApiException(409, ErrorCodes.TEMPLATE_EXISTS,
                        "a template named \"" + t.name() + "\" exists already; change it with PUT");
            }
            return Response.status(201).entity(view(t)).build();
        });
    }

    @GET
    @Path("templates")
    public Uni<com.fasterxml.jackson.databind.node.ArrayNode> list(@PathParam("appId") String appId) {
        return templates.list(appId).map(all -> {
            var out = Json.MAPPER.createArrayNode();
            all.forEach(t -> out.add(view(t)));
            return out;
        });
    }

    @GET
    @Path("templates/{name}")
    public Uni<ObjectNode> get(@PathParam("appId") String appId, @PathParam("name") String name) {
        return templates.find(appId, name).map(t -> {
            if (t == null) {
                throw unknown(name);
            }
            return view(t);
        });
    }

    /** Replaces the template whole; the messages it already caused keep the version they were sent with. */
    @PUT
    @Path("templates/{name}")
    public Uni<ObjectNode> replace(@PathParam("appId") String appId, @PathParam("name") String name, byte[] body) {
        PushTemplate t = TemplateParser.parse(Json.readRequest(body), name);
        return templates.replace(appId, t).map(replaced -> {
            if (!replaced) {
                throw unknown(name);
            }
            return view(t);
        });
    }

    @DELETE
    @Path("templates/{name}")
    public Uni<Map<String, Boolean>> delete(@PathParam("appId") String appId, @PathParam("name") String name) {
        return templates.delete(appId, name).map(deleted -> {
            if (!deleted) {
                throw unknown(name);
            }
            return Map.of("result", true);
        });
    }

    /**
     * The Backendless {@code GET /messaging/pushtemplates/{deviceType}}: the templates that reach devices of
     * that type, by name, each with its content, that system's look and the delivery options, smart text
     * unfilled, for client SDKs that draw notifications themselves.
     */
    @GET
    @Path("pushtemplates/{deviceType}")
    public Uni<ObjectNode> forDevices(@PathParam("appId") String appId, @PathParam("deviceType") String deviceType) {
        // lower-cased, then compared as ASCII: upper-casing would turn a Turkish dotless "ıos" into IOS
        String lower = deviceType.toLowerCase(Locale.ROOT);
        String os = lower.equals("ios") ? "IOS" : lower.equals("android") ? "ANDROID" : null;
        if (os == null) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "deviceType must be IOS or ANDROID");
        }
        return templates.list(appId).map(all -> {
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (PushTemplate t : all) {
                if (t.targets(os)) {
                    ObjectNode view = view(t);
                    view.remove("audience");
                    view.remove(os.equals("IOS") ? "android" : "ios");
                    out.set(t.name(), view);
                }
            }
            return out;
        });
    }

    /** The template as JSON, absent fields left out. */
    private static ObjectNode view(PushTemplate t) {
        return Json.MAPPER.valueToTree(t);
    }

    private static ApiException unknown(String name) {
        return new ApiException(404, ErrorCodes.UNKNOWN_TEMPLATE, "no push template named \"" + name + "\"");
    }
}
