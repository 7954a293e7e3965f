package dev.tidings.dispatcher.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.contracts.Os;
import dev.tidings.contracts.events.DeliveryReport.DeviceOutcome;
import dev.tidings.contracts.events.DeliveryReport.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialMismatchTest {

    @ParameterizedTest(name = "{0} -> deactivates {1}")
    @CsvSource(delimiter = '|', value = {
            // outcomes of one batch (outcome:reason), how many stay TOKEN_INVALID
            "TOKEN_INVALID:BadDeviceToken                                          | 1",
            "TOKEN_INVALID:BadDeviceToken ; TOKEN_INVALID:BadDeviceToken           | 0",
            "TOKEN_INVALID:DeviceTokenNotForTopic ; TOKEN_INVALID:BadDeviceToken   | 0",
            "TOKEN_INVALID:SENDER_ID_MISMATCH ; TOKEN_INVALID:SENDER_ID_MISMATCH ; TOKEN_INVALID:SENDER_ID_MISMATCH | 0",
            "TOKEN_INVALID:BadDeviceToken ; DELIVERED:                             | 1",
            "TOKEN_INVALID:SENDER_ID_MISMATCH ; FAILED:UNAVAILABLE                 | 1",
            "TOKEN_INVALID:Unregistered ; TOKEN_INVALID:Unregistered               | 2",
            "TOKEN_INVALID:UNREGISTERED ; TOKEN_INVALID:SENDER_ID_MISMATCH         | 2"})
    void onlyABatchRefusedWhollyAsNotForThisSenderIsKeptAlive(String batch, int stillInvalid) {
        List<DeviceOutcome> outcomes = new ArrayList<>();
        int n = 0;
        for (String o : batch.split(";")) {
            String[] parts = o.trim().split(":", -1);
            outcomes.add(new DeviceOutcome("d" + n++, Os.IOS, Outcome.valueOf(parts[0]), parts[1].isEmpty() ? null : parts[1]));
        }
        List<DeviceOutcome> reviewed = CredentialMismatch.review(outcomes);
        assertEquals(outcomes.size(), reviewed.size());
        assertEquals(stillInvalid, reviewed.stream().filter(o -> o.outcome() == Outcome.TOKEN_INVALID).count());
        if (stillInvalid == 0) {
            reviewed.forEach(o -> {
                assertEquals(Outcome.FAILED, o.outcome());
                assertEquals(true, o.reason().endsWith(CredentialMismatch.SUFFIX), o.reason());
            });
        }
    }
}
