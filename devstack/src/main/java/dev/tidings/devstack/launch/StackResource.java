package dev.tidings.devstack.launch;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * A Quarkus test resource: the shared devstack (real Kafka broker, real emulators) and a fresh PostgreSQL
 * database, wired into the service under test. Init arg {@code service}: {@code gateway}, {@code template}
 * or {@code dispatcher}, which decides the configuration it gets.
 */
public class StackResource implements QuarkusTestResourceLifecycleManager {
    private String service = "gateway";
    private TestDatabase database;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
    }

    @Override
    public Map<String, String> start() {
        LocalStack stack = LocalStack.shared();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", stack.kafkaBootstrap());
        switch (service) {
            case "dispatcher" -> {
                config.putAll(stack.facts().dispatcherConfig());
                config.put("tidings.master-key", MASTER_KEY);
                database(config);
            }
            case "gateway", "template", "scheduler" -> {
                database(config);
                if (service.equals("gateway")) {
                    config.put("tidings.admin-token", ADMIN_TOKEN);
                    config.put("tidings.master-key", MASTER_KEY);
                }
            }
            default -> throw new IllegalArgumentException("unknown service " + service);
        }
        return config;
    }

    private void database(Map<String, String> config) {
        database = TestDatabase.create("tidings_test_" + service);
        config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", TestDatabase.user());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.drop();
        }
    }

    public static final String ADMIN_TOKEN = "test-admin-token";
    /** the master key that seals provider credentials in tests (32 bytes, base64) */
    public static final String MASTER_KEY = java.util.Base64.getEncoder().encodeToString(
            "tidings-test-master-key-32-bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
}
