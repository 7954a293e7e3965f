package dev.tidings.devstack.launch;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The facts a running devstack publishes in {@code devstack.properties}: addresses and credential files. */
public final class StackFacts {
    public static final String FILE = "devstack.properties";
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
    public static final String FCM_URL = "fcm.url";
    public static final String FCM_SERVICE_ACCOUNT = "fcm.service-account";
    public static final String FCM_PROJECT_ID = "fcm.project-id";
    public static final String APNS_HOST = "apns.host";
    public static final String APNS_PORT = "apns.port";
    public static final String APNS_CONTROL_URL = "apns.control-url";
    public static final String APNS_CERTIFICATE = "apns.certificate";
    public static final String APNS_SIGNING_KEY = "apns.signing-key";
    public static final String APNS_TEAM_ID = "apns.team-id";
    public static final String APNS_KEY_ID = "apns.key-id";
    public static final String APNS_BUNDLE_ID = "apns.bundle-id";

    private final Properties props;

    private StackFacts(Properties props) {
        this.props = props;
    }

    public static StackFacts read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return new StackFacts(p);
    }

    public String get(String key) {
        String value = props.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("the devstack did not publish " + key);
        }
        return value;
    }

    /**
     * The dispatcher's configuration for this stack's emulators, as environment-style property names.
     * Production sets the same keys to Google's and Apple's endpoints and real credentials.
     */
    public java.util.Map<String, String> dispatcherConfig() {
        return java.util.Map.ofEntries(
                java.util.Map.entry("tidings.fcm.service-account-file", get(FCM_SERVICE_ACCOUNT)),
                java.util.Map.entry("tidings.fcm.endpoint", get(FCM_URL)),
                java.util.Map.entry("tidings.apns.host", get(APNS_HOST)),
                java.util.Map.entry("tidings.apns.port", get(APNS_PORT)),
                java.util.Map.entry("tidings.apns.production-host", get(APNS_HOST)),
                java.util.Map.entry("tidings.apns.sandbox-host", get(APNS_HOST)),
                java.util.Map.entry("tidings.apns.trusted-certificate", get(APNS_CERTIFICATE)),
                java.util.Map.entry("tidings.apns.signing-key-file", get(APNS_SIGNING_KEY)),
                java.util.Map.entry("tidings.apns.team-id", get(APNS_TEAM_ID)),
                java.util.Map.entry("tidings.apns.key-id", get(APNS_KEY_ID)),
                java.util.Map.entry("tidings.apns.topic", get(APNS_BUNDLE_ID)));
    }
}
