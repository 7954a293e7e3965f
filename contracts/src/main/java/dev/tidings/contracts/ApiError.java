package dev.tidings.contracts;

/** The Backendless error body: {@code {"code": 5007, "message": "..."}}. */
public record ApiError(int code, String message) {
}
