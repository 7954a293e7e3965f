package dev.tidings.dispatcher.provider.fcm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.firebase.messaging.MessagingErrorCode;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FcmOutcomesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "UNREGISTERED, TOKEN_INVALID",
            "SENDER_ID_MISMATCH, TOKEN_INVALID",
            "INVALID_ARGUMENT, FAILED",
            "QUOTA_EXCEEDED, FAILED",
            "UNAVAILABLE, FAILED",
            "INTERNAL, FAILED",
            "THIRD_PARTY_AUTH_ERROR, FAILED"})
    void classifies(MessagingErrorCode code, Outcome outcome) {
        assertEquals(outcome, FcmOutcomes.classify(code));
    }
}
