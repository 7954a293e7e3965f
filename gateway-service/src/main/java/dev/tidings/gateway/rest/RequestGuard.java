package dev.tidings.gateway.rest;

import dev.tidings.contracts.ApiError;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.contracts.Json;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses, before any routing, requests whose path or size no endpoint should see: paths with
 * matrix parameters ({@code ;}, which JAX-RS would silently cut off), backslashes, broken
 * percent-encoding, invalid UTF-8 or control characters once decoded; paths over 2,048 characters; more
 * than 100 headers or 16 KB of them; and bodies announced larger than the limit. Each gets a Backendless
 * error body. (The HTTP codec's own header limit is set higher, at 64 KB: beyond it the server answers a
 * bare 431 before any handler runs.)
 */
@ApplicationScoped
public class RequestGuard {
    static final int MAX_PATH = 2048;
    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final long maxBody;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    public RequestGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") io.quarkus.runtime.configuration.MemorySize maxBody,
                        io.micrometer.core.instrument.MeterRegistry metrics) {
        this.maxBody = maxBody.asLongValue();
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 1000);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String path = req.path();
        if (path == null) {
            refuse(rc, 400, ErrorCodes.INVALID_PATH, "the request has no path");
            return;
        }
        if (path.length() > MAX_PATH) {
            refuse(rc, 414, ErrorCodes.INVALID_PATH, "the path is longer than " + MAX_PATH + " characters");
            return;
        }
        String problem = problemWith(path);
        if (problem != null) {
            refuse(rc, 400, ErrorCodes.INVALID_PATH, problem);
            return;
        }
        String appId = appIdIn(path);
        if (appId != null) {
            // the request's own context: what is logged while it is handled names its app
            org.jboss.logging.MDC.put("appId", appId);
        }
        String headers = headerProblem(req.headers());
        if (headers != null) {
            refuse(rc, 431, ErrorCodes.HEADERS_TOO_LARGE, headers);
            return;
        }
        String length = req.getHeader("content-length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBody) {
                    refuse(rc, 413, ErrorCodes.BODY_TOO_LARGE, "the body is larger than " + maxBody + " bytes");
                    return;
                }
            } catch (NumberFormatException e) {
                refuse(rc, 400, ErrorCodes.MALFORMED_JSON, "Content-Length is not a number");
                return;
            }
        }
        rc.next();
    }

    /** The app a (raw) path names: {@code /{appId}/{apiKey}/...} or {@code /admin/apps/{appId}/...}; else null. Pure. */
    static String appIdIn(String rawPath) {
        String[] segments = rawPath.split("/", 6);
        if (segments.length > 3 && segments[1].equals("admin") && segments[2].equals("apps")) {
            return segments[3].isEmpty() ? null : segments[3];
        }
        if (segments.length > 3 && !segments[1].isEmpty() && !segments[1].equals("q") && !segments[1].equals("admin")) {
            return segments[1];
        }
        return null;
    }

    /** What is wrong with a request's headers as a whole, or null. Pure. */
    static String headerProblem(Iterable<java.util.Map.Entry<String, String>> headers) {
        int count = 0;
        long bytes = 0;
        for (java.util.Map.Entry<String, String> h : headers) {
            count++;
            bytes += h.getKey().length() + h.getValue().length() + 4; // ": " and CRLF, as they came
        }
        if (count > MAX_HEADERS) {
            return "the request has " + count + " headers; at most " + MAX_HEADERS + " are taken";
        }
        if (bytes > MAX_HEADER_BYTES) {
            return "the request's headers are larger than " + MAX_HEADER_BYTES + " bytes";
        }
        return null;
    }

    /** What is wrong with a raw (still percent-encoded) path, or null. Pure. */
    static String problemWith(String rawPath) {
        if (rawPath.indexOf(';') >= 0 || rawPath.indexOf('\\') >= 0) {
            return "the path must not contain ';' or '\\\\'; percent-encode them in ids";
        }
        ByteBuffer bytes = ByteBuffer.allocate(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0
                        || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                    return "the path has a '%' that does not start a %XX escape";
                }
                bytes.put((byte) Integer.parseInt(rawPath.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                return "the path has characters that must be percent-encoded";
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return "the path is not valid UTF-8 once decoded";
        }
        if (decoded.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            return "the path has control characters";
        }
        // the HTTP server resolves "." and ".." (encoded or not) before routing, so a template or user named
        // "%2E%2E" would reach another endpoint: no segment may be either
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "the path must not have '.' or '..' segments";
            }
        }
        return null;
    }

    private void refuse(RoutingContext rc, int status, int code, String message) {
        dev.tidings.resterrors.ApiExceptionMapper.countRefusal(metrics, status, code);
        rc.response().setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("connection", "close")
                .end(Json.encode(new ApiError(code, message)));
    }
}
