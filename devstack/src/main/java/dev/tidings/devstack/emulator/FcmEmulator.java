package dev.tidings.devstack.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An FCM HTTP v1 server: the OAuth2 JWT-bearer token endpoint that service-account credentials call,
 * and {@code POST /v1/projects/{project}/messages:send} with FCM's error bodies. Plain HTTP/1.1 and h2c,
 * so firebase-admin's transport only needs its host and port redirected here.
 */
public final class FcmEmulator {
    private static final Pattern SEND = Pattern.compile("/v1/projects/([^/]+)/messages:send");

    /** A service account Google knows: its e-mail (the JWT issuer), its project, its key's public half in PEM. */
    public record ServiceAccount(String clientEmail, String projectId, String publicKey) {
    }

    private final Vertx vertx;
    private final Inbox inbox = new Inbox();
    static final java.util.Set<String> ERRORS = java.util.Set.of("UNREGISTERED", "INVALID_ARGUMENT", "SENDER_ID_MISMATCH",
            "QUOTA_EXCEEDED", "UNAVAILABLE", "INTERNAL", "THIRD_PARTY_AUTH_ERROR");
    private final Accounts<ServiceAccount> accounts = new Accounts<>(ServiceAccount.class, ServiceAccount::clientEmail, a -> {
        if (a.clientEmail() == null || a.projectId() == null) {
            throw new IllegalArgumentException("a service account needs clientEmail, projectId and publicKey");
        }
        Accounts.publicKey(a.publicKey(), "RSA");
    });
    private final ControlApi control = new ControlApi("fcm", inbox, ERRORS, accounts);
    /** access token issued → the project of the service account it was issued to */
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private HttpServer server;

    public FcmEmulator(Vertx vertx, ServiceAccount account) {
        this.vertx = vertx;
        accounts.put(account);
    }

    public Inbox inbox() {
        return inbox;
    }

    public Future<HttpServer> start(int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
        return server.requestHandler(this::handle).listen();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith(ControlApi.PREFIX)) {
            control.handle(req);
            return;
        }
        if (req.method() != HttpMethod.POST) {
            error(req, 404, "NOT_FOUND", null, "no such endpoint", 0);
            return;
        }
        if (path.equals("/token")) {
            req.body().onSuccess(buf -> token(req, buf.toString()));
            return;
        }
        Matcher m = SEND.matcher(path);
        if (!m.matches()) {
            error(req, 404, "NOT_FOUND", null, "no such endpoint", 0);
            return;
        }
        req.body().onSuccess(buf -> send(req, m.group(1), buf.toString()));
    }

    /** The OAuth2 token endpoint ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}). */
    private void token(HttpServerRequest req, String form) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String assertion = fields.get("assertion");
        if (assertion == null) {
            oauthError(req, "invalid_request", "assertion is missing");
            return;
        }
        ServiceAccount account;
        try {
            String[] issuer = new String[1];
            Jwt.Verified jwt = Jwt.verify(assertion, (header, claims) -> {
                ServiceAccount a = accounts.get(claims.path("iss").asText(null));
                issuer[0] = a == null ? null : a.clientEmail();
                return a == null ? null : Accounts.publicKey(a.publicKey(), "RSA");
            });
            account = accounts.get(issuer[0]);
            if (jwt.claims().path("exp").asLong() < Instant.now().getEpochSecond()) {
                oauthError(req, "invalid_grant", "assertion expired");
                return;
            }
        } catch (IllegalArgumentException e) {
            oauthError(req, "invalid_grant", "Invalid JWT Signature.");
            return;
        }
        String accessToken = "ya29.emulator-" + UUID.randomUUID();
        accessTokens.put(accessToken, account.projectId());
        ControlApi.reply(req, 200, Json.MAPPER.createObjectNode()
                .put("access_token", accessToken)
                .put("expires_in", 3600)
                .put("token_type", "Bearer"));
    }

    private static void oauthError(HttpServerRequest req, String error, String description) {
        ControlApi.reply(req, 400, Json.MAPPER.createObjectNode().put("error", error).put("error_description", description));
    }

    private void send(HttpServerRequest req, String project, String body) {
        String auth = Optional.ofNullable(req.getHeader("authorization")).orElse("");
        String tokenProject = auth.startsWith("Bearer ") ? accessTokens.get(auth.substring(7)) : null;
        if (tokenProject == null) {
            error(req, 401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR",
                    "Request is missing required authentication credential.", 0);
            return;
        }
        if (!tokenProject.equals(project)) {
            // a service account may send only for its own project
            error(req, 403, "PERMISSION_DENIED", null,
                    "Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/"
                            + project + "' (or it may not exist).", 0);
            return;
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(body).path("message");
        } catch (java.io.IOException e) {
            error(req, 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid JSON payload received.", 0);
            return;
        }
        String token = message.path("token").asText(null);
        if (token == null || token.isBlank()) {
            inbox.record(null, Map.of("project", project), message, 400, "INVALID_ARGUMENT");
            error(req, 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Recipient of the message is not set.", 0);
            return;
        }
        Optional<FaultRule> fault = inbox.faultFor(token);
        FaultRule.answer(vertx, req, fault, () -> {
            if (fault.isPresent() && fault.get().error() != null) {
                FaultRule rule = fault.get();
                FcmError e = FcmError.of(rule.error(), rule.status());
                inbox.record(token, Map.of("project", project), message, e.httpStatus(), rule.error());
                error(req, e.httpStatus(), e.status(), rule.error(), e.message(), rule.retryAfterSeconds());
            } else {
                inbox.record(token, Map.of("project", project), message, 200, null);
                ControlApi.reply(req, 200, Json.MAPPER.createObjectNode()
                        .put("name", "projects/" + project + "/messages/" + UUID.randomUUID()));
            }
        });
    }

    /** An error in the FCM v1 shape, which firebase-admin turns into {@code MessagingErrorCode}. */
    private static void error(HttpServerRequest req, int http, String status, String fcmErrorCode, String message,
                              int retryAfterSeconds) {
        ObjectNode error = Json.MAPPER.createObjectNode().put("code", http).put("message", message).put("status", status);
        if (fcmErrorCode != null) {
            error.putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                    .put("errorCode", fcmErrorCode);
        }
        if (retryAfterSeconds > 0) {
            req.response().putHeader("retry-after", Integer.toString(retryAfterSeconds));
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("error", error);
        ControlApi.reply(req, http, body);
    }

    /** FCM's error codes with the HTTP status and canonical status FCM answers them with. */
    record FcmError(int httpStatus, String status, String message) {
        static FcmError of(String errorCode, int statusOverride) {
            FcmError e = switch (errorCode) {
                case "UNREGISTERED" -> new FcmError(404, "NOT_FOUND", "Requested entity was not found.");
                case "INVALID_ARGUMENT" -> new FcmError(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token");
                case "SENDER_ID_MISMATCH" -> new FcmError(403, "PERMISSION_DENIED", "SenderId mismatch");
                case "QUOTA_EXCEEDED" -> new FcmError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for sending messages.");
                case "UNAVAILABLE" -> new FcmError(503, "UNAVAILABLE", "The service is currently unavailable.");
                case "THIRD_PARTY_AUTH_ERROR" -> new FcmError(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service");
                default -> new FcmError(500, "INTERNAL", "Internal error encountered.");
            };
            return statusOverride > 0 ? new FcmError(statusOverride, e.status(), e.message()) : e;
        }
    }
}
