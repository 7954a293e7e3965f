package dev.tidings.devstack.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the devstack as a child JVM for tests (Kafka on free ports, and optionally the emulators) and
 * stops it when the test JVM exits. Uses only the JDK, so a service's test classpath needs nothing of
 * Kafka's server jars. The devstack module is found through the {@code devstack.home} property,
 * which the parent pom sets.
 */
public final class LocalStack implements AutoCloseable {
    private static LocalStack shared;

    private final Process process;
    private final Path dir;
    private final StackFacts facts;

    private LocalStack(Process process, Path dir, StackFacts facts) {
        this.process = process;
        this.dir = dir;
        this.facts = facts;
    }

    /** One stack with Kafka and the emulators per test JVM, started on first use. */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            shared = start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "devstack-stop"));
        }
        return shared;
    }

    public static LocalStack start(boolean emulators) {
        try {
            Path home = Path.of(System.getProperty("devstack.home", "devstack")).toAbsolutePath().normalize();
            Path classes = home.resolve("target/classes");
            Path classpathFile = home.resolve("target/devstack.classpath");
            if (!Files.exists(classpathFile)) {
                throw new IllegalStateException("no " + classpathFile + ": build the devstack module first (mvn -pl devstack package)");
            }
            Path dir = Files.createTempDirectory("tidings-devstack-");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC",
                    "-cp", classes + java.io.File.pathSeparator + Files.readString(classpathFile).trim(),
                    "dev.tidings.devstack.Devstack",
                    "--dir", dir.toString(),
                    "--kafka-port", Integer.toString(freePort()),
                    "--controller-port", Integer.toString(freePort()),
                    "--fcm-port", Integer.toString(freePort()),
                    "--apns-port", Integer.toString(freePort()),
                    "--apns-control-port", Integer.toString(freePort())));
            if (!emulators) {
                cmd.add("--no-emulators");
            }
            Path log = dir.resolve("devstack.log");
            Process process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Path factsFile = dir.resolve(StackFacts.FILE);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!Files.exists(factsFile)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("devstack exited with " + process.exitValue() + ":\n" + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("devstack not ready after 3 minutes:\n" + tail(log));
                }
                Thread.sleep(100);
            }
            return new LocalStack(process, dir, StackFacts.read(factsFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public StackFacts facts() {
        return facts;
    }

    public String kafkaBootstrap() {
        return facts.get(StackFacts.KAFKA_BOOTSTRAP);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
