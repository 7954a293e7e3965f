package dev.tidings.dispatcher.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialMismatchTest {

    @ParameterizedTest(name = "{0} -> deactivates {1}")
    @CsvSource(delimiter = '|', value = {
            // answers of one batch (verdict:reason), how many stay DEAD_TOKEN
            "DEAD_TOKEN:BadDeviceToken                                       | 1",
            "DEAD_TOKEN:BadDeviceToken ; DEAD_TOKEN:BadDeviceToken           | 0",
            "DEAD_TOKEN:DeviceTokenNotForTopic ; DEAD_TOKEN:BadDeviceToken   | 0",
            "DEAD_TOKEN:SENDER_ID_MISMATCH ; DEAD_TOKEN:SENDER_ID_MISMATCH ; DEAD_TOKEN:SENDER_ID_MISMATCH | 0",
            "DEAD_TOKEN:BadDeviceToken ; DELIVERED:                          | 1",
            "DEAD_TOKEN:SENDER_ID_MISMATCH ; RETRYABLE:UNAVAILABLE           | 1",
            "DEAD_TOKEN:Unregistered ; DEAD_TOKEN:Unregistered               | 2",
            "DEAD_TOKEN:UNREGISTERED ; DEAD_TOKEN:SENDER_ID_MISMATCH         | 2"})
    void onlyABatchRefusedWhollyAsNotForThisSenderIsKeptAlive(String batch, int stillInvalid) {
        List<Answer> answers = new ArrayList<>();
        int n = 0;
        for (String o : batch.split(";")) {
            String[] parts = o.trim().split(":", -1);
            answers.add(new Answer("d" + n++, Verdict.valueOf(parts[0]), parts[1].isEmpty() ? null : parts[1], null, 1));
        }
        List<Answer> reviewed = CredentialMismatch.review(answers);
        assertEquals(answers.size(), reviewed.size());
        assertEquals(stillInvalid, reviewed.stream().filter(o -> o.verdict() == Verdict.DEAD_TOKEN).count());
        if (stillInvalid == 0) {
            reviewed.forEach(o -> {
                assertEquals(Verdict.OPERATOR_FAULT, o.verdict());
                assertEquals(true, o.reason().endsWith(CredentialMismatch.SUFFIX), o.reason());
            });
        }
    }
}
