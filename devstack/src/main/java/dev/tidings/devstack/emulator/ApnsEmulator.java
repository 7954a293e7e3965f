package dev.tidings.devstack.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An APNs provider API server: HTTP/2 over TLS, {@code POST /3/device/{token}}, token authentication with
 * ES256 provider JWTs checked against the signing key's public half, and APNs' status codes and
 * {@code {"reason": ...}} bodies. Its control API is served on a second, plain HTTP port.
 */
public final class ApnsEmulator {
    private static final Pattern HEX_TOKEN = Pattern.compile("[0-9a-fA-F]{64,200}");
    private static final int MAX_PAYLOAD_BYTES = 4096;
    private static final List<String> NOTIFICATION_HEADERS = List.of(
            "apns-topic", "apns-push-type", "apns-priority", "apns-expiration", "apns-collapse-id", "apns-id");

    /**
     * A token-auth key Apple knows: its team, its key id, the public half of the .p8 key in PEM, and the
     * bundle ids (topics) of the team's apps.
     */
    public record SigningKey(String teamId, String keyId, String publicKey, List<String> topics) {
    }

    /**
     * A TLS client certificate Apple issued for certificate-based authentication (the certificate inside
     * an app's .p12), and the topics (bundle ids) it may send to.
     */
    public record ClientCertificate(String certificate, List<String> topics) {
        /** SHA-256 of the DER certificate, hex: how a TLS client is recognised. */
        String fingerprint() {
            return Certificates.fingerprint(Certificates.parse(certificate));
        }
    }

    private final Vertx vertx;
    private final Inbox inbox = new Inbox();
    static final java.util.Set<String> ERRORS = java.util.Set.of("BadCollapseId", "BadDeviceToken", "BadExpirationDate",
            "BadMessageId", "BadPriority", "BadTopic", "DeviceTokenNotForTopic", "DuplicateHeaders", "IdleTimeout",
            "InvalidPushType", "MissingDeviceToken", "MissingTopic", "PayloadEmpty", "TopicDisallowed", "BadCertificate",
            "BadCertificateEnvironment", "ExpiredProviderToken", "Forbidden", "InvalidProviderToken", "MissingProviderToken",
            "UnrelatedKeyIdInToken", "BadEnvironmentKeyIdInToken", "BadPath", "MethodNotAllowed", "ExpiredToken",
            "Unregistered", "PayloadTooLarge", "TooManyProviderTokenUpdates", "TooManyRequests", "InternalServerError",
            "ServiceUnavailable", "Shutdown");
    private final Accounts<SigningKey> keys = new Accounts<>(SigningKey.class, SigningKey::keyId, k -> {
        if (k.teamId() == null || k.keyId() == null || k.topics() == null || k.topics().isEmpty()) {
            throw new IllegalArgumentException("a signing key needs teamId, keyId, publicKey and topics");
        }
        Accounts.publicKey(k.publicKey(), "EC");
    });
    private final Accounts<ClientCertificate> certificates = new Accounts<>(ClientCertificate.class, ClientCertificate::fingerprint, c -> {
        if (c.topics() == null || c.topics().isEmpty()) {
            throw new IllegalArgumentException("topics (the bundle ids the certificate may send to) are required");
        }
    });
    private final ControlApi control = new ControlApi("apns", inbox, ERRORS, keys, certificates);
    /** provider tokens already verified, with their key; pushy reuses one for up to an hour, so verify each once */
    private final Map<String, SigningKey> verifiedTokens = new ConcurrentHashMap<>();

    public ApnsEmulator(Vertx vertx, SigningKey key) {
        this.vertx = vertx;
        keys.put(key);
    }

    public Inbox inbox() {
        return inbox;
    }

    public Future<HttpServer> start(int port, int controlPort, Path certificate, Path key) {
        HttpServerOptions tls = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2))
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString()))
                // certificate-based authentication: a client may present a certificate, checked against the
                // ones the emulator knows (as APNs knows the certificates Apple issued) when it sends
                .setClientAuth(io.vertx.core.http.ClientAuth.REQUEST)
                .setTrustOptions(io.vertx.core.net.TrustOptions.wrap(Certificates.ANY_CLIENT));
        tls.getInitialSettings().setMaxConcurrentStreams(1000);
        Future<HttpServer> api = vertx.createHttpServer(tls).requestHandler(this::handle).listen();
        Future<HttpServer> controlServer = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(controlPort))
                .requestHandler(control::handle)
                .listen();
        return Future.all(api, controlServer).map(x -> api.result());
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.POST || !req.path().startsWith("/3/device/")) {
            reject(req, 404, "BadPath", null);
            return;
        }
        req.body().onSuccess(body -> deliver(req, req.path().substring("/3/device/".length()), body));
    }

    private void deliver(HttpServerRequest req, String token, Buffer body) {
        Map<String, String> headers = new TreeMap<>();
        for (String name : NOTIFICATION_HEADERS) {
            String value = req.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        JsonNode payload = parse(body);
        String problem = check(req, token, body, headers);
        if (problem != null) {
            int status = statusOf(problem);
            inbox.record(token, headers, payload, status, problem);
            reject(req, status, problem, null);
            return;
        }
        Optional<FaultRule> fault = inbox.faultFor(token);
        FaultRule.answer(vertx, req, fault, () -> {
            if (fault.isPresent() && fault.get().error() != null) {
                FaultRule rule = fault.get();
                int status = rule.status() > 0 ? rule.status() : statusOf(rule.error());
                inbox.record(token, headers, payload, status, rule.error());
                if (rule.retryAfterSeconds() > 0) {
                    req.response().putHeader("retry-after", Integer.toString(rule.retryAfterSeconds()));
                }
                reject(req, status, rule.error(), status == 410 ? Instant.now().toEpochMilli() : null);
            } else {
                inbox.record(token, headers, payload, 200, null);
                req.response().setStatusCode(200).putHeader("apns-id", apnsId(req)).end();
            }
        });
    }

    /** The first thing APNs itself would refuse this request for, or null. */
    private String check(HttpServerRequest req, String token, Buffer body, Map<String, String> headers) {
        String auth = req.getHeader("authorization");
        List<String> topics;
        if (auth == null || !auth.regionMatches(true, 0, "bearer ", 0, 7)) {
            java.security.cert.X509Certificate presented = Certificates.peer(req.connection());
            if (presented == null) {
                return "MissingProviderToken";
            }
            ClientCertificate known = certificates.get(Certificates.fingerprint(presented));
            if (known == null || !Certificates.current(presented)) {
                return "BadCertificate";
            }
            topics = known.topics();
        } else {
            SigningKey key = verifiedTokens.computeIfAbsent(auth, a -> providerTokenKey(a.substring(7)));
            if (key == null) {
                return "InvalidProviderToken";
            }
            topics = key.topics();
        }
        if (headers.get("apns-topic") == null) {
            return "MissingTopic";
        }
        if (!topics.contains(headers.get("apns-topic"))) {
            return "DeviceTokenNotForTopic";
        }
        if (!HEX_TOKEN.matcher(token).matches()) {
            return "BadDeviceToken";
        }
        if (body.length() == 0) {
            return "PayloadEmpty";
        }
        if (body.length() > MAX_PAYLOAD_BYTES) {
            return "PayloadTooLarge";
        }
        String priority = headers.get("apns-priority");
        if (priority != null && !List.of("1", "5", "10").contains(priority)) {
            return "BadPriority";
        }
        String expiration = headers.get("apns-expiration");
        if (expiration != null && !expiration.matches("\\d{1,12}")) {
            return "BadExpirationDate";
        }
        String collapse = headers.get("apns-collapse-id");
        if (collapse != null && collapse.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
            return "BadCollapseId";
        }
        return null;
    }

    /** The key that signed this provider token, if it is one Apple knows and its team is the issuer; else null. */
    private SigningKey providerTokenKey(String jwt) {
        try {
            SigningKey[] signer = new SigningKey[1];
            Jwt.Verified verified = Jwt.verify(jwt, (header, claims) -> {
                signer[0] = keys.get(header.path("kid").asText(null));
                return signer[0] == null ? null : Accounts.publicKey(signer[0].publicKey(), "EC");
            });
            return signer[0].teamId().equals(verified.claims().path("iss").asText()) ? signer[0] : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static JsonNode parse(Buffer body) {
        try {
            return Json.MAPPER.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(body.toString());
        }
    }

    private static String apnsId(HttpServerRequest req) {
        String id = req.getHeader("apns-id");
        return id != null ? id : UUID.randomUUID().toString().toUpperCase();
    }

    private static void reject(HttpServerRequest req, int status, String reason, Long timestamp) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("reason", reason);
        if (timestamp != null) {
            body.put("timestamp", timestamp);
        }
        req.response()
                .setStatusCode(status)
                .putHeader("apns-id", apnsId(req))
                .putHeader("content-type", "application/json")
                .end(Json.encode(body));
    }

    /** The HTTP status APNs answers each reason with. */
    static int statusOf(String reason) {
        return switch (reason) {
            case "Unregistered", "ExpiredToken" -> 410;
            case "TooManyRequests" -> 429;
            case "PayloadTooLarge" -> 413;
            case "InternalServerError" -> 500;
            case "ServiceUnavailable", "Shutdown" -> 503;
            case "ExpiredProviderToken", "InvalidProviderToken", "MissingProviderToken", "Forbidden" -> 403;
            case "BadPath" -> 404;
            case "MethodNotAllowed" -> 405;
            default -> 400;
        };
    }
}
