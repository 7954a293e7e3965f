package dev.tidings.gateway.rest;

import dev.tidings.gateway.service.CredentialService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operators' work on every app's credentials at once, behind the admin token. */
@Path("/admin/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class CredentialMaintenanceResource {
    private final AdminAuth admin;
    private final CredentialService credentials;

    public CredentialMaintenanceResource(AdminAuth admin, CredentialService credentials) {
        this.admin = admin;
        this.credentials = credentials;
    }

    /**
     * The middle step of a master-key rotation: every credential an earlier master key sealed is sealed
     * with the current one and sent to the dispatchers again. Answers {@code {"apps","credentials","notOpened"}}.
     */
    @POST
    @Path("reseal")
    public Uni<CredentialService.Resealed> reseal(@HeaderParam("Authorization") String authorization) {
        admin.require(authorization);
        return credentials.resealAll();
    }
}
