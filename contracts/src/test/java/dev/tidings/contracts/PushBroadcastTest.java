package dev.tidings.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PushBroadcastTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "IOS; 1", "ios; 1", "ANDROID; 2", "FOR_ANDROID; 2", "ALL; 15", "FOR_IOS|FOR_ANDROID; 3",
            "IOS | ANDROID; 3", "WP; 4", "OSX; 8", "for_all; 15", "3; 3", "15; 15", "0003; 3"})
    void namesAndDigitStrings(String given, int mask) {
        assertEquals(mask, PushBroadcast.parse(given));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 15})
    void numbers(int mask) {
        assertEquals(mask, PushBroadcast.parse(mask));
    }

    @org.junit.jupiter.api.Test
    void absentMeansEveryone() {
        assertEquals(15, PushBroadcast.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "BLACKBERRY", "IOS|", "0", "16", "99999999999999", "-1"})
    void refusesWhatIsNotAMask(String given) {
        assertThrows(IllegalArgumentException.class, () -> PushBroadcast.parse(given));
    }

    @org.junit.jupiter.api.Test
    void refusesNumbersOutOfRangeOrFractional() {
        assertThrows(IllegalArgumentException.class, () -> PushBroadcast.parse(0));
        assertThrows(IllegalArgumentException.class, () -> PushBroadcast.parse(16));
        assertThrows(IllegalArgumentException.class, () -> PushBroadcast.parse(1.5));
        assertThrows(IllegalArgumentException.class, () -> PushBroadcast.parse(true));
    }
}
