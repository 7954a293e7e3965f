package dev.tidings.contracts;

import java.util.List;

/** Kafka topic names. SmallRye channel names equal these constants, so a channel is its topic. */
public final class Topics {
    public static final String PUBLISH_REQUESTS = "tidings.publish-requests.v1";
    /** invalid publish requests, with {@link #ERROR_CODE_HEADER} and {@link #ERROR_MESSAGE_HEADER} */
    public static final String PUBLISH_REQUESTS_DLQ = PUBLISH_REQUESTS + ".dlq";
    public static final String SCHEDULES = "tidings.schedules.v1";
    public static final String OCCURRENCES = "tidings.occurrences.v1";
    public static final String DELIVERIES_ANDROID = "tidings.deliveries.android.v1";
    public static final String DELIVERIES_IOS = "tidings.deliveries.ios.v1";
    public static final String DELIVERY_RESULTS = "tidings.delivery-results.v1";
    public static final String DEVICE_INVALIDATIONS = "tidings.device-invalidations.v1";
    public static final String APPS = "tidings.apps.v1";
    public static final String CHANNEL_MESSAGES = "tidings.channel-messages.v1";

    /** Every topic, with whether it is log-compacted (the latest record per key is the state). */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(PUBLISH_REQUESTS, false),
            new TopicSpec(SCHEDULES, false),
            new TopicSpec(OCCURRENCES, false),
            new TopicSpec(DELIVERIES_ANDROID, false),
            new TopicSpec(DELIVERIES_IOS, false),
            new TopicSpec(DELIVERY_RESULTS, false),
            new TopicSpec(DEVICE_INVALIDATIONS, false),
            new TopicSpec(APPS, true),
            new TopicSpec(CHANNEL_MESSAGES, false));

    /** headers of a dead-lettered record: the Backendless-style error code and what is wrong */
    public static final String ERROR_CODE_HEADER = "tidings-error-code";
    public static final String ERROR_MESSAGE_HEADER = "tidings-error-message";

    /** The dead-letter topic of a topic: records its consumer could not process, the error in headers. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    public static String deliveriesFor(Os os) {
        return os == Os.IOS ? DELIVERIES_IOS : DELIVERIES_ANDROID;
    }

    public record TopicSpec(String name, boolean compacted) {
    }

    private Topics() {
    }
}
