package dev.tidings.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.tidings.contracts.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders each overlay with {@code kubectl kustomize} (every kubectl named in {@code kubectl.binaries}: the
 * current one, and the old Kustomize v2 inside Debian's kubernetes-client where .ci/run provides it) and
 * checks what an operator relies on: probes and limits on every Deployment, its port the service's own,
 * disruption budgets, scaling, one KafkaTopic per topic in {@code contracts}, no literal secret anywhere,
 * network policies and monitoring for every service.
 */
class ManifestsTest {
    static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("gateway-service", "template-service", "scheduler-service", "dispatcher-service");
    static final Set<String> SECRETS = Set.of("tidings-secrets", "tidings-db-app");

    static Stream<Arguments> renderings() {
        List<Arguments> all = new ArrayList<>();
        for (String kubectl : System.getProperty("kubectl.binaries", "kubectl").split(":")) {
            for (String overlay : List.of("dev", "prod")) {
                all.add(Arguments.of(kubectl, overlay));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} rendered by {0}")
    @MethodSource("renderings")
    void everyServiceIsDeployedAsAnOperatorNeedsIt(String kubectl, String overlay) throws Exception {
        Map<String, List<JsonNode>> byKind = render(kubectl, overlay);
        String namespace = overlay.equals("dev") ? "tidings-dev" : "tidings";
        assertEquals(1, byKind.get("Namespace").size());
        assertEquals(namespace, byKind.get("Namespace").get(0).at("/metadata/name").asText());

        Map<String, JsonNode> deployments = byName(byKind.get("Deployment"));
        assertEquals(new TreeSet<>(SERVICES), new TreeSet<>(deployments.keySet()));
        for (String service : SERVICES) {
            JsonNode d = deployments.get(service);
            String where = overlay + "/" + service;
            assertEquals(namespace, d.at("/metadata/namespace").asText(), where);
            JsonNode pod = d.at("/spec/template/spec");
            assertEquals("service", d.at("/spec/template/metadata/labels/tidings.dev~1tier").asText(), where + ": network policies select it by tier");
            JsonNode container = pod.at("/containers/0");
            assertEquals(1, pod.get("containers").size(), where);
            int port = httpPort(service);
            assertEquals(port, container.at("/ports/0/containerPort").asInt(), where + ": the port its application.properties names");
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText(), where);
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText(), where);
            assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText(), where);
            for (String r : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/cpu", "/resources/limits/memory")) {
                assertFalse(container.at(r).asText().isEmpty(), where + " has no " + r);
            }
            assertTrue(memoryMi(container.at("/resources/limits/memory").asText()) <= 512, where + ": every service under 512 MB");
            int grace = pod.path("terminationGracePeriodSeconds").asInt(30);
            assertTrue(grace >= (service.equals("dispatcher-service") ? 40 : 30), where + ": time to drain, " + grace + " s");
            assertTrue(container.get("image").asText().contains("tidings/" + service + ":"), where + " image " + container.get("image"));
            assertTrue(container.path("env").toString().contains("{\"name\":\"QUARKUS_HTTP_HOST\",\"value\":\"0.0.0.0\"}"),
                    where + ": listens on the pod's address (the internal services default to loopback)");
            // settings from the ConfigMap, secrets only by reference
            assertEquals("tidings-config", container.at("/envFrom/0/configMapRef/name").asText(), where);
            for (JsonNode env : container.path("env")) {
                String name = env.get("name").asText();
                if (name.matches(".*(TOKEN|KEY|PASSWORD|SECRET).*")) {
                    assertTrue(env.has("valueFrom") && !env.has("value"), where + ": " + name + " must come from a Secret");
                }
                JsonNode ref = env.at("/valueFrom/secretKeyRef/name");
                if (!ref.isMissingNode()) {
                    assertTrue(SECRETS.contains(ref.asText()), where + ": an undocumented Secret " + ref);
                }
            }
            assertEquals(1, selecting(byKind.get("PodDisruptionBudget"), service).size(), where + ": one PodDisruptionBudget");
            JsonNode svc = byName(byKind.get("Service")).get(service);
            assertEquals(port, svc.at("/spec/ports/0/port").asInt(), where);
            assertEquals("true", svc.at("/metadata/labels/tidings.dev~1metrics").asText(), where + ": scraped by the ServiceMonitor");
        }
        // the config names the services where they are
        JsonNode config = byName(byKind.get("ConfigMap")).get("tidings-config");
        assertEquals("http://template-service:" + httpPort("template-service"), config.at("/data/TIDINGS_TEMPLATE_URL").asText());
        assertEquals("http://scheduler-service:" + httpPort("scheduler-service"), config.at("/data/TIDINGS_SCHEDULER_URL").asText());
        assertEquals("true", config.at("/data/TIDINGS_LOG_JSON").asText(), "JSON logs for the cluster's log pipeline");

        // scaling: the gateway on CPU, the consumers on their lag, the scheduler by replicas
        JsonNode hpa = byName(byKind.get("HorizontalPodAutoscaler")).get("gateway-service");
        assertEquals("gateway-service", hpa.at("/spec/scaleTargetRef/name").asText());
        assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
        Map<String, JsonNode> scaled = byName(byKind.get("ScaledObject"));
        assertEquals(Set.of("template-service", "dispatcher-service"), scaled.keySet());
        Map<String, JsonNode> topics = new TreeMap<>();
        byKind.get("KafkaTopic").forEach(t -> topics.put(t.at("/spec/topicName").asText(), t));
        for (JsonNode so : scaled.values()) {
            String service = so.at("/metadata/name").asText();
            for (JsonNode trigger : so.at("/spec/triggers")) {
                assertEquals("kafka", trigger.get("type").asText());
                assertEquals(applicationName(service), trigger.at("/metadata/consumerGroup").asText(), service + ": the group is the application name");
                String topic = trigger.at("/metadata/topic").asText();
                assertTrue(topics.containsKey(topic), service + " scales on " + topic + ", which has no KafkaTopic");
                assertTrue(so.at("/spec/maxReplicaCount").asInt() <= topics.get(topic).at("/spec/partitions").asInt(),
                        service + ": more replicas than partitions would idle");
            }
        }
        assertTrue(deployments.get("scheduler-service").at("/spec/replicas").asInt() >= 1);

        // one KafkaTopic per topic in contracts, and its dead-letter topic; nothing else
        Set<String> expected = new TreeSet<>();
        for (Topics.TopicSpec t : Topics.ALL) {
            expected.add(t.name());
            expected.add(Topics.dlq(t.name()));
            assertEquals(t.compacted() ? "compact" : "delete", topics.get(t.name()).at("/spec/config/cleanup.policy").asText(), t.name());
        }
        assertEquals(expected, topics.keySet());
        for (JsonNode t : topics.values()) {
            assertEquals("tidings-kafka", t.at("/metadata/labels/strimzi.io~1cluster").asText());
            assertEquals(namespace, t.at("/metadata/namespace").asText(), "topics live beside their Kafka cluster");
        }
        JsonNode kafka = byKind.get("Kafka").get(0);
        int nodes = byKind.get("KafkaNodePool").get(0).at("/spec/replicas").asInt();
        int replication = kafka.at("/spec/kafka/config/default.replication.factor").asInt();
        assertTrue(replication <= nodes, "replication " + replication + " on " + nodes + " nodes");
        assertTrue(kafka.at("/spec/kafka/config/min.insync.replicas").asInt() <= replication);
        if (overlay.equals("prod")) {
            assertTrue(replication >= 3 && kafka.at("/spec/kafka/config/min.insync.replicas").asInt() >= 2,
                    "production keeps an acknowledged publish on two brokers at least");
            assertTrue(byKind.get("Cluster").get(0).at("/spec/instances").asInt() >= 3);
        }
        assertEquals("tidings-db", byKind.get("Cluster").get(0).at("/metadata/name").asText(), "its app Secret is tidings-db-app");

        // no Secret is rendered: credentials are created by the operator (deploy/README.md)
        assertFalse(byKind.containsKey("Secret"), "a Secret in the manifests would carry a credential");

        // network policies: everything denied to the services but what each needs
        Map<String, JsonNode> policies = byName(byKind.get("NetworkPolicy"));
        JsonNode deny = policies.get("tidings-default-deny");
        assertEquals("service", deny.at("/spec/podSelector/matchLabels/tidings.dev~1tier").asText());
        assertEquals(2, deny.at("/spec/policyTypes").size());
        assertTrue(deny.at("/spec/ingress").isMissingNode() && deny.at("/spec/egress").isMissingNode(), "default deny allows nothing");
        for (String service : SERVICES) {
            assertTrue(policies.containsKey(service), "no NetworkPolicy for " + service);
        }
        // the alerts read metrics the services export, and the operator-fault alarm is among them
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : byKind.get("PrometheusRule").get(0).at("/spec/groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asText());
                String expr = rule.get("expr").asText();
                assertTrue(expr.contains("tidings_") || expr.contains("kafka_consumer") || expr.startsWith("up{"), "an alert on nothing exported: " + expr);
            }
        }
        assertTrue(alerts.contains("TidingsOperatorFault"), alerts.toString());
        JsonNode monitor = byKind.get("ServiceMonitor").get(0);
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        assertEquals("true", monitor.at("/spec/selector/matchLabels/tidings.dev~1metrics").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void theDashboardReadsMetricsTheServicesExport(Path dashboard) throws IOException {
        JsonNode json = new ObjectMapper().readTree(dashboard.toFile());
        assertFalse(json.path("title").asText().isEmpty());
        List<String> queries = new ArrayList<>();
        json.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        assertTrue(queries.size() >= 6, "panels with queries: " + queries);
        for (String q : queries) {
            assertTrue(q.contains("tidings_") || q.contains("http_server_requests") || q.contains("kafka_consumer") || q.contains("jvm_")
                    || q.contains("process_"), "a query over metrics nobody exports: " + q);
        }
    }

    static Stream<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/grafana"))) {
            return files.filter(f -> f.toString().endsWith(".json")).toList().stream();
        }
    }

    /** The rendered objects of an overlay, by kind. */
    static Map<String, List<JsonNode>> render(String kubectl, String overlay) throws Exception {
        Path dir = ROOT.resolve("deploy/kustomize/overlays").resolve(overlay);
        Process p;
        try {
            p = new ProcessBuilder(kubectl, "kustomize", dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + kubectl + " (.ci/run installs Debian's kubernetes-client where kubectl is missing)", e);
        }
        String yaml;
        try (InputStream out = p.getInputStream()) {
            yaml = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), kubectl + " kustomize " + dir + " failed");
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        Map<String, List<JsonNode>> byKind = new TreeMap<>();
        try (YAMLParser parser = new YAMLFactory().createParser(new StringReader(yaml))) {
            for (JsonNode doc : mapper.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && doc.has("kind")) {
                    byKind.computeIfAbsent(doc.get("kind").asText(), k -> new ArrayList<>()).add(doc);
                }
            }
        }
        return byKind;
    }

    static Map<String, JsonNode> byName(List<JsonNode> objects) {
        Map<String, JsonNode> map = new TreeMap<>();
        for (JsonNode o : objects == null ? List.<JsonNode>of() : objects) {
            map.put(o.at("/metadata/name").asText(), o);
        }
        return map;
    }

    static List<JsonNode> selecting(List<JsonNode> objects, String service) {
        return objects.stream().filter(o -> service.equals(o.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())).toList();
    }

    static int httpPort(String service) throws IOException {
        return Integer.parseInt(properties(service).getProperty("quarkus.http.port"));
    }

    static String applicationName(String service) throws IOException {
        return properties(service).getProperty("quarkus.application.name");
    }

    static Properties properties(String service) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    static int memoryMi(String quantity) {
        if (quantity.endsWith("Mi")) {
            return Integer.parseInt(quantity.substring(0, quantity.length() - 2));
        }
        if (quantity.endsWith("Gi")) {
            return 1024 * Integer.parseInt(quantity.substring(0, quantity.length() - 2));
        }
        throw new AssertionError("write memory in Mi or Gi: " + quantity);
    }
}
