package dev.tidings.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.devstack.launch.StackFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The judge: the unmodified Backendless JavaScript SDK (npm {@code backendless} 8.0.0) drives the whole
 * stack through its own messaging calls ({@code src/test/js/sdk-judge.test.mjs}, run by {@code node --test}).
 * The SDK is installed from npm with {@code npm ci} on first use, pinned by the package lock.
 */
class SdkConformanceTest {
    private final Path js = Path.of(System.getProperty("e2e.root", "..")).toAbsolutePath().normalize()
            .resolve("e2e/src/test/js");

    @Test
    void theBackendlessSdkWorksUnchangedAgainstTidings() throws Exception {
        if (!Files.isDirectory(js.resolve("node_modules/backendless"))) {
            Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
            assertEquals(0, install.exit(), "npm ci failed:\n" + install.output());
        }
        try (TidingsStack stack = new TidingsStack()) {
            JsonNode app = stack.call("POST", stack.gateway() + "/admin/apps", "{\"name\":\"sdk-judge\"}",
                    "Authorization", "Bearer " + stack.adminToken).json();
            StackFacts facts = stack.devstack.facts();
            Run judge = run(List.of("node", "--test", "--test-reporter=spec", "sdk-judge.test.mjs"), Map.of(
                    "TIDINGS_URL", stack.gateway(),
                    "TIDINGS_APP_ID", app.get("appId").asText(),
                    "TIDINGS_API_KEY", app.get("apiKey").asText(),
                    "FCM_EMULATOR_URL", facts.get(StackFacts.FCM_URL),
                    "APNS_EMULATOR_URL", facts.get(StackFacts.APNS_CONTROL_URL),
                    "TIDINGS_ADMIN_URL", stack.gateway() + "/admin/apps/" + app.get("appId").asText(),
                    "TIDINGS_ADMIN_TOKEN", stack.adminToken), 300);
            System.out.println(judge.output());
            assertEquals(0, judge.exit(), "the SDK judge failed:\n" + judge.output());
            assertTrue(judge.output().contains("fail 0"), judge.output());
        }
    }

    private record Run(int exit, String output) {
    }

    private Run run(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sdk-judge", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(js.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
