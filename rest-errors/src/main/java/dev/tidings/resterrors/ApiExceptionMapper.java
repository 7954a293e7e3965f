package dev.tidings.resterrors;

import dev.tidings.contracts.ApiError;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as a Backendless error body; nothing of a stack trace reaches the caller. Each is
 * counted as {@code tidings_api_refusals_total{status, code}}.
 */
public class ApiExceptionMapper {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    private final MeterRegistry metrics;

    public ApiExceptionMapper(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Counts one refused call; also for refusals made before routing (the gateway's request guard). */
    public static void countRefusal(MeterRegistry metrics, int status, int code) {
        metrics.counter("tidings.api.refusals", "status", String.valueOf(status), "code", String.valueOf(code)).increment();
    }

    private Response counted(int status, ApiError error, String retryAfter) {
        countRefusal(metrics, status, error.code());
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON).entity(error);
        if (retryAfter != null) {
            r.header("Retry-After", retryAfter);
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return counted(e.status(), e.error(), e.retryAfterSeconds() == null ? null : String.valueOf(e.retryAfterSeconds()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return counted(404, new ApiError(ErrorCodes.NOT_FOUND, "no such endpoint"), null);
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
        return counted(status, new ApiError(code, message), null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("request failed", e);
        return counted(500, new ApiError(ErrorCodes.INTERNAL, "internal error"), null);
    }
}
