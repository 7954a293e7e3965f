package dev.tidings.resterrors;

import dev.tidings.contracts.ApiError;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as a Backendless error body; nothing of a stack trace reaches the caller. */
public class ApiExceptionMapper {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder r = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.error());
        if (e.retryAfterSeconds() != null) {
            r.header("Retry-After", e.retryAfterSeconds());
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(ErrorCodes.NOT_FOUND, "no such endpoint")).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        int code = switch (status) {
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCodes.BODY_TOO_LARGE;
            case 400, 415 -> ErrorCodes.MALFORMED_JSON;
            default -> ErrorCodes.INVALID_FIELD;
        };
        String message = switch (status) {
            case 405 -> "this endpoint does not take that HTTP method";
            case 413 -> "the body is too large";
            case 415 -> "send the body as JSON";
            default -> "bad request";
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("request failed", e);
        return Response.status(500).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(ErrorCodes.INTERNAL, "internal error")).build();
    }
}
