package dev.tidings.dispatcher.provider.apns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.contracts.events.DeliveryReport.Outcome;
import dev.tidings.dispatcher.provider.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApnsOutcomesTest {
    /** APNs' answers (HTTP status and reason) and what they mean. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "200, -,                          DELIVERED,      DELIVERED",
            "400, BadDeviceToken,             DEAD_TOKEN,     TOKEN_INVALID",
            "410, Unregistered,               DEAD_TOKEN,     TOKEN_INVALID",
            "400, DeviceTokenNotForTopic,     DEAD_TOKEN,     TOKEN_INVALID",
            "410, ExpiredToken,               DEAD_TOKEN,     TOKEN_INVALID",
            "410, -,                          DEAD_TOKEN,     TOKEN_INVALID",
            "413, PayloadTooLarge,            BAD_MESSAGE,    FAILED",
            "400, BadCollapseId,              BAD_MESSAGE,    FAILED",
            "400, BadExpirationDate,          BAD_MESSAGE,    FAILED",
            "400, BadPriority,                BAD_MESSAGE,    FAILED",
            "400, PayloadEmpty,               BAD_MESSAGE,    FAILED",
            "400, InvalidPushType,            BAD_MESSAGE,    FAILED",
            "400, SomethingApple adds later,  BAD_MESSAGE,    FAILED",
            "429, TooManyRequests,            RETRYABLE,      FAILED",
            "500, InternalServerError,        RETRYABLE,      FAILED",
            "503, ServiceUnavailable,         RETRYABLE,      FAILED",
            "503, Shutdown,                   RETRYABLE,      FAILED",
            "403, ExpiredProviderToken,       RETRYABLE,      FAILED",
            "502, -,                          RETRYABLE,      FAILED",
            "403, InvalidProviderToken,       OPERATOR_FAULT, FAILED",
            "403, BadCertificateEnvironment,  OPERATOR_FAULT, FAILED",
            "400, BadTopic,                   OPERATOR_FAULT, FAILED",
            "400, TopicDisallowed,            OPERATOR_FAULT, FAILED",
            "403, -,                          OPERATOR_FAULT, FAILED"})
    void classifies(int status, String reason, Verdict verdict, Outcome outcome) {
        assertEquals(verdict, ApnsOutcomes.classify(status, reason));
        assertEquals(outcome, verdict.outcome());
    }
}
