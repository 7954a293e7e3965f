package dev.tidings.dispatcher.provider.fcm;

import com.google.firebase.messaging.MessagingErrorCode;
import dev.tidings.contracts.events.DeliveryReport.Outcome;

/** What an FCM error means for the device and the message. Pure. */
public final class FcmOutcomes {

    public static Outcome classify(MessagingErrorCode code) {
        if (code == null) {
            return Outcome.FAILED;
        }
        return switch (code) {
            // the token will never work again: the app was uninstalled, or it belongs to another sender
            case UNREGISTERED, SENDER_ID_MISMATCH -> Outcome.TOKEN_INVALID;
            default -> Outcome.FAILED;
        };
    }

    private FcmOutcomes() {
    }
}
