package dev.tidings.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.Json;
import dev.tidings.gateway.mapping.PublishRules.Access;
import dev.tidings.gateway.mapping.PublishRules.Rule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublishRulesTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "news, news, true",
            "news, News, false",
            "news, news2, false",
            "news*, news, true",
            "news*, news-sport, true",
            "*-alerts, fire-alerts, true",
            "*-alerts, fire-alerts-x, false",
            "a*b*c, a-x-b-y-c, true",
            "a*b*c, a-x-c-y-b, false",
            "ch?, ch1, true",
            "ch?, ch12, false",
            "*, anything, true",
            "**, x, true",
            "a*, b, false"})
    void patterns(String pattern, String channel, boolean matches) {
        assertEquals(matches, PublishRules.glob(pattern, 0, channel, 0));
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "''                                   | news       | true",
            "ALLOW news                           | news       | true",
            "ALLOW news                           | sport      | false",
            "DENY admin-*                         | news       | true",
            "DENY admin-*                         | admin-ops  | false",
            "ALLOW * ; DENY admin-*               | admin-ops  | false",
            "DENY admin-* ; ALLOW *               | admin-ops  | false",
            "ALLOW news-* ; ALLOW sport           | sport      | true",
            "ALLOW news-* ; ALLOW sport           | weather    | false",
            "ALLOW news-* ; DENY news-secret      | news-open  | true",
            "ALLOW news-* ; DENY news-secret      | news-secret| false"})
    void evaluation(String rules, String channel, boolean allowed) {
        assertEquals(allowed, PublishRules.allows(rules(rules), channel));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "[1]",
            "[{\"channel\":\"news\"}]",
            "[{\"channel\":\"news\",\"access\":\"MAYBE\"}]",
            "[{\"channel\":\"\",\"access\":\"ALLOW\"}]",
            "[{\"channel\":\"news/x\",\"access\":\"ALLOW\"}]",
            "[{\"channel\":7,\"access\":\"ALLOW\"}]",
            "[{\"channel\":\"news\",\"access\":\"ALLOW\",\"role\":\"x\"}]"})
    void badRulesAreRefusedWith5904(String json) {
        ApiException e = assertThrows(ApiException.class, () -> PublishRules.parse(Json.MAPPER.readTree(json)));
        assertEquals(5904, e.error().code());
    }

    @org.junit.jupiter.api.Test
    void parsesAnyLetterCaseOfAccess() throws Exception {
        assertEquals(List.of(new Rule("news-*", Access.ALLOW), new Rule("x", Access.DENY)),
                PublishRules.parse(Json.MAPPER.readTree("[{\"channel\":\"news-*\",\"access\":\"allow\"},"
                        + "{\"channel\":\"x\",\"access\":\"Deny\"}]")));
        assertEquals(List.of(), PublishRules.parse(null));
    }

    private static List<Rule> rules(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String r : text.split(";")) {
            if (!r.isBlank()) {
                String[] parts = r.trim().split(" ");
                rules.add(new Rule(parts[1], Access.valueOf(parts[0])));
            }
        }
        return rules;
    }
}
