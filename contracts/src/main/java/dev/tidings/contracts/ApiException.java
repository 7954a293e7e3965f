package dev.tidings.contracts;

/** A refusal to answer with a 4xx (or 503) status and a Backendless error body. */
public class ApiException extends RuntimeException {
    private final int status;
    private final int code;
    private final Long retryAfterSeconds;

    public ApiException(int status, int code, String message) {
        this(status, code, message, null);
    }

    private ApiException(int status, int code, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429: try again in {@code seconds} (answered as {@code Retry-After}). */
    public static ApiException tooManyRequests(String message, long seconds) {
        return new ApiException(429, ErrorCodes.TOO_MANY_REQUESTS, message, seconds);
    }

    /** The seconds to wait before trying again, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(int code, String message) {
        return new ApiException(400, code, message);
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return new ApiError(code, getMessage());
    }
}
