package dev.tidings.dispatcher.provider.fcm;

import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.MessagingErrorCode;
import dev.tidings.dispatcher.provider.Verdict;
import java.util.Locale;

/** What an FCM error means for the device and the message. Pure. */
public final class FcmOutcomes {

    /**
     * @param code firebase-admin's messaging error code, or null when FCM gave none
     * @param platform the platform error code (the HTTP status class), or null
     * @param message FCM's error message, which tells an invalid token from an invalid payload
     */
    public static Verdict classify(MessagingErrorCode code, ErrorCode platform, String message) {
        if (code != null) {
            return switch (code) {
                // the app was uninstalled, or the token belongs to another sender
                case UNREGISTERED, SENDER_ID_MISMATCH -> Verdict.DEAD_TOKEN;
                case INVALID_ARGUMENT -> aboutTheToken(message) ? Verdict.DEAD_TOKEN : Verdict.BAD_MESSAGE;
                case QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL -> Verdict.RETRYABLE;
                // FCM could not authenticate with APNs or Web Push on the app's behalf: a console setting
                case THIRD_PARTY_AUTH_ERROR -> Verdict.OPERATOR_FAULT;
            };
        }
        if (platform == null) {
            return Verdict.RETRYABLE;
        }
        return switch (platform) {
            case UNAUTHENTICATED, PERMISSION_DENIED -> Verdict.OPERATOR_FAULT;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, NOT_FOUND -> Verdict.BAD_MESSAGE;
            default -> Verdict.RETRYABLE;
        };
    }

    /** FCM answers INVALID_ARGUMENT both for a malformed token and for a malformed message; its text says which. */
    static boolean aboutTheToken(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("registration token");
    }

    private FcmOutcomes() {
    }
}
