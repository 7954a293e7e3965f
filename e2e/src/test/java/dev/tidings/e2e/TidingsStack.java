package dev.tidings.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.Json;
import dev.tidings.devstack.launch.LocalStack;
import dev.tidings.devstack.launch.StackFacts;
import dev.tidings.devstack.launch.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole of Tidings for a test: the devstack (Kafka, emulators), a fresh database, and the four
 * services, each a JVM started from its packaged {@code quarkus-app}, as an operator would run them.
 */
final class TidingsStack implements AutoCloseable {
    static final List<String> SERVICES = List.of("template-service", "scheduler-service", "dispatcher-service", "gateway-service");

    final LocalStack devstack;
    final TestDatabase database;
    final String adminToken = UUID.randomUUID().toString();
    final String masterKey = java.util.Base64.getEncoder().encodeToString(
            UUID.randomUUID().toString().substring(0, 32).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    final Map<String, Integer> ports = new HashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private final Path logs;

    private final Path root = Path.of(System.getProperty("e2e.root", "..")).toAbsolutePath().normalize();

    TidingsStack() throws Exception {
        this(SERVICES);
    }

    /** The devstack, a fresh database, and these services (none: a test starts its own). */
    TidingsStack(List<String> services) throws Exception {
        this(services, Map.of());
    }

    /** As above, with extra environment for every service (settings such as rate limits). */
    TidingsStack(List<String> services, Map<String, String> env) throws Exception {
        devstack = LocalStack.start(true);
        database = TestDatabase.create("tidings_e2e");
        logs = devstack.dir().resolve("logs");
        Files.createDirectories(logs);
        for (String service : SERVICES) {
            ports.put(service, LocalStack.freePort());
        }
        try {
            for (String service : services) {
                processes.add(start(service, service, ports.get(service), env));
            }
            for (String service : services) {
                awaitReady(service, ports.get(service));
            }
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** One more process of a service (a replica), under its own name and log, with extra environment. */
    Process startReplica(String service, String name, Map<String, String> env) throws Exception {
        int port = LocalStack.freePort();
        ports.put(name, port);
        Process p = start(service, name, port, env);
        processes.add(p);
        awaitReady(name, port);
        return p;
    }

    String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"));
    }

    private Process start(String service, String name, int port, Map<String, String> extraEnv) throws IOException {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": package the services first (mvn package)");
        }
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port,
                "-jar", jar.toString());
        Map<String, String> env = pb.environment();
        env.put("TIDINGS_KAFKA_BOOTSTRAP", devstack.kafkaBootstrap());
        env.put("TIDINGS_DB_REACTIVE_URL", database.reactiveUrl());
        env.put("TIDINGS_DB_JDBC_URL", database.jdbcUrl());
        env.put("TIDINGS_DB_USER", TestDatabase.user());
        env.put("TIDINGS_ADMIN_TOKEN", adminToken);
        env.put("TIDINGS_MASTER_KEY", masterKey);
        env.put("TIDINGS_TEMPLATE_URL", "http://127.0.0.1:" + ports.get("template-service"));
        env.put("TIDINGS_SCHEDULER_URL", "http://127.0.0.1:" + ports.get("scheduler-service"));
        StackFacts f = devstack.facts();
        env.put("TIDINGS_FCM_SERVICE_ACCOUNT_FILE", f.get(StackFacts.FCM_SERVICE_ACCOUNT));
        env.put("TIDINGS_FCM_ENDPOINT", f.get(StackFacts.FCM_URL));
        env.put("TIDINGS_FCM_TOKEN_URIS", "https://oauth2.googleapis.com/token," + f.get(StackFacts.FCM_URL) + "/token");
        env.put("TIDINGS_APNS_HOST", f.get(StackFacts.APNS_HOST));
        env.put("TIDINGS_APNS_PORT", f.get(StackFacts.APNS_PORT));
        env.put("TIDINGS_APNS_PRODUCTION_HOST", f.get(StackFacts.APNS_HOST));
        env.put("TIDINGS_APNS_SANDBOX_HOST", f.get(StackFacts.APNS_HOST));
        env.put("TIDINGS_APNS_TRUSTED_CERTIFICATE", f.get(StackFacts.APNS_CERTIFICATE));
        env.put("TIDINGS_APNS_SIGNING_KEY_FILE", f.get(StackFacts.APNS_SIGNING_KEY));
        env.put("TIDINGS_APNS_TEAM_ID", f.get(StackFacts.APNS_TEAM_ID));
        env.put("TIDINGS_APNS_KEY_ID", f.get(StackFacts.APNS_KEY_ID));
        env.put("TIDINGS_APNS_TOPIC", f.get(StackFacts.APNS_BUNDLE_ID));
        env.putAll(extraEnv);
        pb.redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        return pb.start();
    }

    private void awaitReady(String name, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        URI health = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not ready; its log:\n" + log(name));
    }

    String gateway() {
        return "http://127.0.0.1:" + ports.get("gateway-service");
    }

    Response call(String method, String url, String body, String... headers) throws Exception {
        return callBytes(method, url, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** A call with a body of any bytes (null: none), JSON by content type. */
    Response callBytes(String method, String url, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** The admin API's authorization header, as name and value for {@link #call}. */
    String[] adminAuth() {
        return new String[] {"Authorization", "Bearer " + adminToken};
    }

    /** A new app through the admin API: its {@code appId}, first {@code apiKey} and {@code keyId}. */
    JsonNode createApp(String name) throws Exception {
        Response r = call("POST", gateway() + "/admin/apps", Json.MAPPER.createObjectNode().put("name", name).toString(), adminAuth());
        if (r.status() != 200) {
            throw new AssertionError("app not created: " + r.status() + " " + r.body());
        }
        return r.json();
    }

    /** The app's {@code /{appId}/{apiKey}/messaging} URL. */
    String messaging(JsonNode app) {
        return gateway() + "/" + app.get("appId").asText() + "/" + app.get("apiKey").asText() + "/messaging";
    }

    /** Registers a device in one channel through the public API. */
    void register(String messaging, String deviceId, String os, String token, String channel) throws Exception {
        Response r = call("POST", messaging + "/registrations", Json.MAPPER.createObjectNode().put("deviceId", deviceId)
                .put("os", os).put("deviceToken", token).set("channels", Json.MAPPER.createArrayNode().add(channel)).toString());
        if (r.status() != 200) {
            throw new AssertionError("device " + deviceId + " not registered: " + r.status() + " " + r.body());
        }
    }

    /** What an emulator received (for one token, or every one when null), in arrival order. */
    JsonNode received(String emulator, String token) throws Exception {
        String url = emulator + "/emulator/notifications" + (token == null ? "" : "?token=" + token);
        return call("GET", url, null).json().get("notifications");
    }

    /**
     * A message's status once it says {@code wanted} (within a minute).
     *
     * @param messaging the app's {@code /{appId}/{apiKey}/messaging} URL
     */
    JsonNode awaitStatus(String messaging, String messageId, String wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = call("GET", messaging + "/" + messageId, null).json();
            if (wanted.equals(status.path("status").asText())) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("message " + messageId + " never became " + wanted + ": " + status);
    }

    /** The one number a query over the stack's database answers (a count, say). */
    long count(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.jdbcUrl(), TestDatabase.user(), "");
             java.sql.ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Arms a fault rule on an emulator ({@code POST /emulator/faults}). */
    void fault(String emulator, String rule) throws Exception {
        Response r = call("POST", emulator + "/emulator/faults", rule);
        if (r.status() != 201) {
            throw new AssertionError("fault rule refused: " + r.status() + " " + r.body());
        }
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        database.drop();
        devstack.close();
    }
}
