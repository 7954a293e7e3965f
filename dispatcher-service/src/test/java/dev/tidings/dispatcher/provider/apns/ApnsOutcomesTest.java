package dev.tidings.dispatcher.provider.apns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.contracts.events.DeliveryReport.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApnsOutcomesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "BadDeviceToken, TOKEN_INVALID",
            "Unregistered, TOKEN_INVALID",
            "DeviceTokenNotForTopic, TOKEN_INVALID",
            "ExpiredToken, TOKEN_INVALID",
            "PayloadTooLarge, FAILED",
            "BadCollapseId, FAILED",
            "TooManyRequests, FAILED",
            "InternalServerError, FAILED",
            "ServiceUnavailable, FAILED",
            "ExpiredProviderToken, FAILED"})
    void classifies(String reason, Outcome outcome) {
        assertEquals(outcome, ApnsOutcomes.classify(reason));
    }
}
