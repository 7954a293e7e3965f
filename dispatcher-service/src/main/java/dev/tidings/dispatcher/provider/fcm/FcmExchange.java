package dev.tidings.dispatcher.provider.fcm;

import com.google.api.client.http.javanet.ConnectionFactory;
import com.google.api.client.http.javanet.DefaultConnectionFactory;
import com.google.api.client.http.javanet.NetHttpTransport;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What firebase-admin did on the wire for the send running on this thread. firebase-admin retries a 503
 * by itself, sleeping on the sending thread; every HTTP request of a send opens a connection through the
 * transport built here, so counting the connections a thread opened counts those retries, and they are
 * charged to the device's attempt budget.
 */
public final class FcmExchange {
    private static final ThreadLocal<int[]> REQUESTS = new ThreadLocal<>();

    /** Starts counting the requests this thread makes. */
    static void begin() {
        REQUESTS.set(new int[1]);
    }

    /** The requests made since {@link #begin}, and stops counting. */
    static int end() {
        int[] n = REQUESTS.get();
        REQUESTS.remove();
        return n == null ? 0 : n[0];
    }

    /**
     * firebase-admin's transport: the JDK's HttpURLConnection as by default, counting requests; with an
     * endpoint (an emulator), to that host instead of fcm.googleapis.com, path and query kept.
     */
    public static NetHttpTransport transport(String endpoint) {
        ConnectionFactory open = endpoint == null ? new DefaultConnectionFactory() : redirectedTo(URI.create(endpoint));
        return new NetHttpTransport.Builder().setConnectionFactory(url -> {
            int[] n = REQUESTS.get();
            if (n != null) {
                n[0]++;
            }
            return open.openConnection(url);
        }).build();
    }

    private static ConnectionFactory redirectedTo(URI target) {
        return url -> (HttpURLConnection) new URL(target.getScheme(), target.getHost(), target.getPort(), url.getFile()).openConnection();
    }

    /** The delay a {@code Retry-After} header asks for (seconds; an HTTP date is not used by FCM), or null. */
    static Duration retryAfter(Map<String, Object> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, Object> h : headers.entrySet()) {
            if ("retry-after".equalsIgnoreCase(h.getKey()) && h.getValue() != null) {
                Object v = h.getValue() instanceof List<?> l && !l.isEmpty() ? l.get(0) : h.getValue();
                try {
                    long seconds = Long.parseLong(v.toString().trim());
                    return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private FcmExchange() {
    }
}
