package dev.tidings.contracts.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmartTextTest {
    private static final SmartText.Sources SOURCES = new SmartText.Sources(
            Map.of("sale", "40%", "code", "{Users.secret}", "dollar", "$1 \\ off"),
            Map.of("firstName", "Ada", "secret", "hunter2", "empty", ""),
            Map.of("deviceId", "d-1", "os", "IOS", "city", "Oslo"));

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '\'', value = {
            "Hello                               => Hello",
            "''                                  => ''",
            "{sale} off                          => 40% off",
            "Hi {Users.firstName}!               => Hi Ada!",
            "Hi {Users.lastName}!                => Hi !",
            "Hi {Users.lastName|there}!          => Hi there!",
            "Hi {Users.firstName|there}!         => Hi Ada!",
            "'{Users.empty|x}'                   => ''",
            "{missing}                           => ''",
            "{missing|}                          => ''",
            "{missing|a b, c}                    => 'a b, c'",
            "in {Devices.city} on {Devices.os}   => in Oslo on IOS",
            "{Devices.deviceId}{Users.firstName} => d-1Ada",
            // a value is inserted as it is, never read again as a placeholder
            "{code}                              => {Users.secret}",
            "{dollar}                            => $1 \\ off",
            // braces that are no placeholder stay
            "'{ not one }'                       => '{ not one }'",
            "{}                                  => {}",
            "{{sale}}                            => {40%}",
            "{1abc}                              => {1abc}",
            "{Users.}                            => {Users.}",
            // an unknown source is left as it is (templates with one are refused when saved)
            "{Orders.total}                      => {Orders.total}",
            "{users.firstName}                   => {users.firstName}",
    })
    void renders(String text, String expected) {
        assertEquals(expected, SmartText.render(text, SOURCES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{Users.a}", "x {Devices.os|?} y", "{a} {Users.b|c}"})
    void personal(String text) {
        assertTrue(SmartText.isPersonal(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "{a}", "{a|b}", "{Orders.x}", "{Users.}"})
    void notPersonal(String text) {
        assertFalse(SmartText.isPersonal(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{Orders.total}", "Hi {users.firstName}", "{Device.os}"})
    void unknownSourcesAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmartText.check(text, "f"));
        assertTrue(e.getMessage().contains("unknown placeholder"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{a}", "{Users.a|b}", "{Devices.os}", "{ x.y }", "plain"})
    void knownSourcesPass(String text) {
        SmartText.check(text, "f");
    }
}
