package dev.tidings.template;

import dev.tidings.contracts.Os;
import dev.tidings.contracts.events.DeliveryBatch;
import dev.tidings.contracts.events.EventMeta;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.template.repository.AudienceRepository;
import dev.tidings.template.service.AudienceService;
import dev.tidings.template.service.RegistrationParser;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * How fast, and in how much memory, template-service resolves a large audience: the real
 * {@link AudienceService} paging through PostgreSQL with the reactive client and cutting per-OS batches of
 * 500, against the floor of PostgreSQL writing the same rows with {@code COPY (SELECT ...) TO '/dev/null'}.
 * Prints numbers; asserts nothing. Run (from the repository root, after {@code mvn -q install -DskipTests}):
 * <pre>
 * mvn -q -B -pl template-service exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-Xmx64m -classpath %classpath dev.tidings.template.AudienceBenchmark --devices 1000000"
 * </pre>
 * The small heap is the point: a million devices resolve in it because only one page is ever held.
 * It builds its own database ({@code tidings_bench_audience}, dropped at the end unless {@code --keep} is
 * given) on the local PostgreSQL.
 */
public final class AudienceBenchmark {
    private static final String DB = "tidings_bench_audience";
    private static final String APP = "BENCH";
    private static final String CHANNEL = "bench";

    record Scenario(String name, int mask, String segmentQuery, String floorWhere) {
    }

    public static void main(String[] args) throws Exception {
        int devices = intArg(args, "--devices", 1_000_000);
        int pageSize = intArg(args, "--page-size", 5_000);
        boolean keep = List.of(args).contains("--keep");
        String host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
        String admin = "jdbc:postgresql://" + host + ":5432/postgres";
        String url = "jdbc:postgresql://" + host + ":5432/" + DB;
        try (Connection c = DriverManager.getConnection(admin, "postgres", "")) {
            c.createStatement().execute("drop database if exists " + DB + " with (force)");
            c.createStatement().execute("create database " + DB);
        }
        try {
            Flyway.configure().dataSource(url, "postgres", "").schemas("template").defaultSchema("template")
                    .locations("classpath:db/migration").load().migrate();
            long loadStart = System.nanoTime();
            load(url, devices);
            System.out.printf("loaded %,d devices (half iOS, half Android, one channel) in %.1f s%n", devices,
                    (System.nanoTime() - loadStart) / 1e9);
            if (!List.of(args).contains("--load-only")) {
                run(url, host, devices, pageSize);
            }
        } finally {
            if (!keep) {
                try (Connection c = DriverManager.getConnection(admin, "postgres", "")) {
                    c.createStatement().execute("drop database if exists " + DB + " with (force)");
                }
            }
        }
    }

    private static void run(String url, String host, int devices, int pageSize) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(2))
                .connectingTo(new PgConnectOptions().setHost(host).setPort(5432).setDatabase(DB).setUser("postgres"))
                .using(vertx)
                .build();
        AudienceService audience = new AudienceService(new AudienceRepository(pool), pageSize, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        String twelve = RegistrationParser.versionKey("12");
        String active = " d.active and (d.expiration is null or d.expiration > now())";
        List<Scenario> scenarios = List.of(
                new Scenario("channel, both systems", 15, null, "d.os = any('{ANDROID,IOS}')"),
                new Scenario("channel, Android only", Os.ANDROID.bit(), null, "d.os = 'ANDROID'"),
                new Scenario("segment os = 'ANDROID' AND osVersion >= '12'", 15, "os = 'ANDROID' AND osVersion >= '12'",
                        "d.os = any('{ANDROID,IOS}') and (d.os = 'ANDROID' and d.os_version_key >= '" + twelve + "')"));
        System.out.printf("page size %,d; batches of at most %d per system%n%n", pageSize, DeliveryBatch.MAX_RECIPIENTS);
        System.out.printf("%-48s %10s %8s %9s %12s %9s %7s %5s %11s%n", "scenario", "devices", "batches", "time ms",
                "devices/s", "COPY ms", "ratio", "GCs", "live heap");
        // one untimed pass warms the JIT and the database's caches for every scenario alike
        resolve(audience, scenarios.get(0));
        for (Scenario s : scenarios) {
            System.gc();
            AfterGc afterGc = new AfterGc();
            long start = System.nanoTime();
            long[] counted = resolve(audience, s);
            long nanos = System.nanoTime() - start;
            afterGc.stop();
            long floor = copyFloor(url, active + " and " + s.floorWhere());
            System.out.printf("%-48s %,10d %,8d %,9.0f %,12.0f %,9.0f %7.2f %5d %8.1f MB%n", s.name(), counted[0], counted[1],
                    nanos / 1e6, counted[0] / (nanos / 1e9), floor / 1e6, (double) nanos / floor, afterGc.collections,
                    afterGc.maxLive / 1e6);
        }
        System.out.printf("%n(live heap: the most heap in use right after any of the GCs counted while resolving;"
                + " max heap %,d MB; %,d devices in all)%n", Runtime.getRuntime().maxMemory() >> 20, devices);
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    /** Listens to every garbage collection and keeps the largest heap left in use after one. */
    private static final class AfterGc implements javax.management.NotificationListener {
        private final List<java.lang.management.GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        volatile long maxLive;
        volatile int collections;

        AfterGc() {
            for (var bean : beans) {
                ((javax.management.NotificationEmitter) bean).addNotificationListener(this, null, null);
            }
        }

        @Override
        public void handleNotification(javax.management.Notification n, Object handback) {
            if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) n.getUserData());
            long live = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                    .mapToLong(java.lang.management.MemoryUsage::getUsed).sum();
            collections++;
            maxLive = Math.max(maxLive, live);
        }

        void stop() throws Exception {
            for (var bean : beans) {
                ((javax.management.NotificationEmitter) bean).removeNotificationListener(this);
            }
        }
    }

    /** Resolves the audience as an occurrence would: pages, each cut into per-system batches. @return {devices, batches} */
    private static long[] resolve(AudienceService audience, Scenario s) {
        long[] counted = new long[2];
        Occurrence o = new Occurrence(EventMeta.now(), APP, UUID.randomUUID().toString(), 1, CHANNEL, null, null, null,
                s.mask(), null, s.segmentQuery(), null);
        audience.forEachPage(o, false, page -> {
            int android = 0;
            int ios = 0;
            for (AudienceRepository.Member m : page) {
                if (m.os() == Os.IOS) {
                    ios++;
                } else {
                    android++;
                }
            }
            counted[0] += page.size();
            counted[1] += (android + DeliveryBatch.MAX_RECIPIENTS - 1) / DeliveryBatch.MAX_RECIPIENTS
                    + (ios + DeliveryBatch.MAX_RECIPIENTS - 1) / DeliveryBatch.MAX_RECIPIENTS;
            return Uni.createFrom().voidItem();
        }).await().indefinitely();
        return counted;
    }

    /** PostgreSQL writing the same rows, in the same order, to /dev/null: the floor for reading them. */
    private static long copyFloor(String url, String where) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            st.execute("copy (select d.registration_id, d.device_id, d.os, d.token, d.user_id, d.os_version"
                    + " from template.device_channel c join template.device d on d.registration_id = c.registration_id"
                    + " where c.app_id = '" + APP + "' and c.channel = '" + CHANNEL + "' and" + where
                    + " order by c.registration_id) to '/dev/null'");
            return System.nanoTime() - start;
        }
    }

    private static void load(String url, int devices) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy template.device (registration_id, app_id, device_id, os, os_version, os_version_key, token,"
                    + " registered_at, active, properties) from stdin (format csv)", new DeviceRows(devices));
            try (Statement st = c.createStatement()) {
                st.execute("insert into template.channel (app_id, name, created_at) values ('" + APP + "', '" + CHANNEL + "', now())");
                st.execute("insert into template.device_channel (app_id, channel, registration_id)"
                        + " select app_id, '" + CHANNEL + "', registration_id from template.device");
                st.execute("vacuum analyze");
            }
        }
    }

    /** CSV rows of generated devices, produced as COPY reads them (never all in memory). */
    private static final class DeviceRows extends Reader {
        private final int total;
        private int next;
        private String row = "";
        private int pos;

        DeviceRows(int total) {
            this.total = total;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (pos == row.length()) {
                if (next == total) {
                    return -1;
                }
                row = row(next++);
                pos = 0;
            }
            int n = Math.min(len, row.length() - pos);
            row.getChars(pos, pos + n, buf, off);
            pos += n;
            return n;
        }

        private static String row(int i) {
            boolean ios = i % 2 == 0;
            String version = String.valueOf(10 + i % 8);
            String token = ios ? String.format("%064x", i) : "fcm:bench-token-" + i;
            return UUID.randomUUID() + "," + APP + ",dev-" + i + "," + (ios ? "IOS" : "ANDROID") + "," + version + ","
                    + RegistrationParser.versionKey(version) + "," + token + ",2026-12-01T00:00:00Z,true,{}\n";
        }

        @Override
        public void close() {
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private AudienceBenchmark() {
    }
}
