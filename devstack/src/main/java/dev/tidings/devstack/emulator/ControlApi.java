package dev.tidings.devstack.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The emulators' own HTTP API, under {@code /emulator}: what was received, and which faults to inject.
 * <ul>
 *   <li>{@code GET /emulator/notifications[?token=T]}: everything received, in order</li>
 *   <li>{@code DELETE /emulator/notifications}: forget it</li>
 *   <li>{@code GET|POST|DELETE /emulator/faults}: list, add ({@link FaultRule} as JSON), or remove all rules</li>
 *   <li>{@code GET|POST /emulator/accounts}: the accounts (keys) the emulated provider knows, and one more</li>
 *   <li>{@code GET|POST /emulator/certificates}: APNs only, the client certificates it knows, and one more</li>
 *   <li>{@code GET /emulator/health}</li>
 * </ul>
 */
final class ControlApi {
    static final String PREFIX = "/emulator/";

    private final String provider;
    private final Inbox inbox;
    private final java.util.Set<String> knownErrors;
    private final Accounts<?> accounts;
    private final Accounts<?> certificates;

    ControlApi(String provider, Inbox inbox, java.util.Set<String> knownErrors, Accounts<?> accounts) {
        this(provider, inbox, knownErrors, accounts, null);
    }

    ControlApi(String provider, Inbox inbox, java.util.Set<String> knownErrors, Accounts<?> accounts, Accounts<?> certificates) {
        this.provider = provider;
        this.inbox = inbox;
        this.knownErrors = knownErrors;
        this.accounts = accounts;
        this.certificates = certificates;
    }

    /** Lists a registry (GET) or adds to it (POST). */
    private static void registry(HttpServerRequest req, String name, Accounts<?> registry) {
        if (req.method() == HttpMethod.GET) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.set(name, Json.MAPPER.valueToTree(registry.list()));
            reply(req, 200, body);
            return;
        }
        req.body().onSuccess(buf -> {
            try {
                reply(req, 201, Json.MAPPER.valueToTree(registry.add(buf.toString())));
            } catch (IllegalArgumentException e) {
                reply(req, 400, error(e.getMessage()));
            }
        });
    }

    void handle(HttpServerRequest req) {
        String path = req.path();
        HttpMethod method = req.method();
        if (path.equals("/emulator/health") && method == HttpMethod.GET) {
            reply(req, 200, Json.MAPPER.createObjectNode().put("status", "UP").put("provider", provider));
        } else if (path.equals("/emulator/notifications") && method == HttpMethod.GET) {
            var list = inbox.received(req.getParam("token"));
            ObjectNode body = Json.MAPPER.createObjectNode().put("provider", provider).put("count", list.size());
            body.set("notifications", Json.MAPPER.valueToTree(list));
            reply(req, 200, body);
        } else if (path.equals("/emulator/counts") && method == HttpMethod.GET) {
            // cheap to poll: how many requests came and how many were accepted, without the notifications
            reply(req, 200, Json.MAPPER.createObjectNode().put("provider", provider)
                    .put("received", inbox.count()).put("accepted", inbox.accepted()));
        } else if (path.equals("/emulator/notifications") && method == HttpMethod.DELETE) {
            reply(req, 200, Json.MAPPER.createObjectNode().put("cleared", inbox.clear()));
        } else if (path.equals("/emulator/faults") && method == HttpMethod.GET) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.set("faults", Json.MAPPER.valueToTree(inbox.armedRules()));
            reply(req, 200, body);
        } else if (path.equals("/emulator/faults") && method == HttpMethod.POST) {
            req.body().onSuccess(buf -> {
                FaultRule rule;
                try {
                    rule = Json.decode(buf.toString(), FaultRule.class);
                } catch (IllegalArgumentException e) {
                    reply(req, 400, error(e.getMessage()));
                    return;
                }
                if (rule.token() == null || rule.token().isBlank()) {
                    reply(req, 400, error("a fault rule needs a token (or \"*\")"));
                    return;
                }
                if (rule.error() != null && !knownErrors.contains(rule.error())) {
                    reply(req, 400, error("unknown " + provider + " error \"" + rule.error() + "\"; known: "
                            + new java.util.TreeSet<>(knownErrors)));
                    return;
                }
                if (rule.error() == null && rule.delayMs() <= 0) {
                    reply(req, 400, error("a fault rule needs an error, a delayMs, or both"));
                    return;
                }
                inbox.addRule(rule);
                reply(req, 201, Json.MAPPER.valueToTree(rule));
            });
        } else if (path.equals("/emulator/accounts") && (method == HttpMethod.GET || method == HttpMethod.POST)) {
            registry(req, "accounts", accounts);
        } else if (path.equals("/emulator/certificates") && certificates != null
                && (method == HttpMethod.GET || method == HttpMethod.POST)) {
            registry(req, "certificates", certificates);
        } else if (path.equals("/emulator/faults") && method == HttpMethod.DELETE) {
            inbox.clearRules();
            reply(req, 200, Json.MAPPER.createObjectNode().put("cleared", true));
        } else {
            reply(req, 404, error("no such emulator endpoint: " + method + " " + path));
        }
    }

    private static ObjectNode error(String message) {
        return Json.MAPPER.createObjectNode().put("error", message);
    }

    static void reply(HttpServerRequest req, int status, Object body) {
        req.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(Json.encode(body));
    }
}
