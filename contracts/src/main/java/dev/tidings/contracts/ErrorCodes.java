package dev.tidings.contracts;

/** Backendless error codes, and ours in 5900-5999 for conditions Backendless does not document. */
public final class ErrorCodes {
    /** Backendless: the user-token is not a live session ("not existing user token"); SDKs log the user out on it */
    public static final int INVALID_USER_TOKEN = 3064;
    public static final int UNKNOWN_DEVICE = 5000;
    public static final int UNKNOWN_DEVICE_UNREGISTER = 5001;
    public static final int INVALID_REPEAT_EXPIRES_AT = 5003;
    public static final int NO_PUBLISH_PERMISSION = 5007;
    public static final int INVALID_PUBLISH_AT = 5030;
    public static final int MESSAGE_NOT_FOUND = 5040;

    public static final int MALFORMED_JSON = 5900;
    public static final int MISSING_MESSAGE = 5901;
    /** admin API: no app with that id */
    public static final int UNKNOWN_APP = 5902;
    public static final int INVALID_API_KEY = 5903;
    public static final int INVALID_FIELD = 5904;
    public static final int INVALID_CHANNEL = 5905;
    public static final int INVALID_REGISTRATION = 5906;
    public static final int ADMIN_UNAUTHORIZED = 5908;
    public static final int NOT_FOUND = 5909;
    public static final int PAYLOAD_TOO_LARGE = 5910;
    public static final int RESERVED_HEADER = 5911;
    public static final int INVALID_SEGMENT_QUERY = 5912;
    public static final int METHOD_NOT_ALLOWED = 5913;
    public static final int INVALID_PATH = 5914;
    public static final int BODY_TOO_LARGE = 5915;
    /** {@code repeatEvery} is not a whole number of seconds within the allowed range */
    public static final int INVALID_REPEAT_EVERY = 5916;
    /** admin API: the app has no API key with that id */
    public static final int UNKNOWN_API_KEY = 5917;
    /** admin API: an uploaded FCM or APNs credential is not usable (the message says why) */
    public static final int INVALID_CREDENTIAL = 5918;
    /** a push template that could not be sent as given (the message names the field) */
    public static final int INVALID_TEMPLATE = 5919;
    /** the app has no push template with that name */
    public static final int UNKNOWN_TEMPLATE = 5920;
    /** admin API: a template with that name exists already (update it with PUT) */
    public static final int TEMPLATE_EXISTS = 5921;
    /** admin API: user properties that cannot be stored (the message says why) */
    public static final int INVALID_USER = 5922;
    /** admin API: the app has no user with that id */
    public static final int UNKNOWN_USER = 5923;
    /** the app made more publish or registration calls than its rate limit allows: wait as Retry-After says */
    public static final int TOO_MANY_REQUESTS = 5924;
    /** more than 100 request headers, or more than 16 KB of them (431) */
    public static final int HEADERS_TOO_LARGE = 5925;
    public static final int UNAVAILABLE = 5990;
    public static final int INTERNAL = 5999;

    private ErrorCodes() {
    }
}
