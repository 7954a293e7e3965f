package dev.tidings.contracts;

/** A refusal to answer with a 4xx (or 503) status and a Backendless error body. */
public class ApiException extends RuntimeException {
    private final int status;
    private final int code;

    public ApiException(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
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
