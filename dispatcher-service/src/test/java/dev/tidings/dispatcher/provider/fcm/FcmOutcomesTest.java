package dev.tidings.dispatcher.provider.fcm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.MessagingErrorCode;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.dispatcher.provider.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FcmOutcomesTest {
    /** FCM's answers as firebase-admin reports them (messaging code, platform code, message) and what they mean. */
    @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "UNREGISTERED,           NOT_FOUND,          Requested entity was not found.,                      DEAD_TOKEN,     TOKEN_INVALID",
            "SENDER_ID_MISMATCH,     PERMISSION_DENIED,  SenderId mismatch,                                    DEAD_TOKEN,     TOKEN_INVALID",
            "INVALID_ARGUMENT,       INVALID_ARGUMENT,   The registration token is not a valid FCM registration token, DEAD_TOKEN, TOKEN_INVALID",
            "INVALID_ARGUMENT,       INVALID_ARGUMENT,   Invalid JSON payload received.,                      BAD_MESSAGE,    FAILED",
            "INVALID_ARGUMENT,       INVALID_ARGUMENT,   Message is too big,                                   BAD_MESSAGE,    FAILED",
            "QUOTA_EXCEEDED,         RESOURCE_EXHAUSTED, Quota exceeded for sending messages.,                 RETRYABLE,      FAILED",
            "UNAVAILABLE,            UNAVAILABLE,        The service is currently unavailable.,                RETRYABLE,      FAILED",
            "INTERNAL,               INTERNAL,           Internal error encountered.,                          RETRYABLE,      FAILED",
            "THIRD_PARTY_AUTH_ERROR, UNAUTHENTICATED,    Auth error from APNS or Web Push Service,             OPERATOR_FAULT, FAILED",
            "-,                      UNAUTHENTICATED,    Request had invalid authentication credentials.,     OPERATOR_FAULT, FAILED",
            "-,                      PERMISSION_DENIED,  Permission 'cloudmessaging.messages.create' denied,   OPERATOR_FAULT, FAILED",
            "-,                      INVALID_ARGUMENT,   Request contains an invalid argument.,               BAD_MESSAGE,    FAILED",
            "-,                      DEADLINE_EXCEEDED,  -,                                                    RETRYABLE,      FAILED",
            "-,                      UNKNOWN,            -,                                                    RETRYABLE,      FAILED",
            "-,                      -,                  -,                                                    RETRYABLE,      FAILED"})
    void classifies(MessagingErrorCode code, ErrorCode platform, String message, Verdict verdict, Outcome outcome) {
        assertEquals(verdict, FcmOutcomes.classify(code, platform, message));
        assertEquals(outcome, verdict.outcome());
    }
}
