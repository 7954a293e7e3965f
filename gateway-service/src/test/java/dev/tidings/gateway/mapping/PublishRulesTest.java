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

    /** Rules with roles: "ALLOW vip-* @editor" applies only to callers with the role editor. */
    @ParameterizedTest(name = "{0} / {1} as {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "ALLOW vip-* @editor                        | vip-1  | editor                         | true",
            "ALLOW vip-* @editor                        | vip-1  | AuthenticatedUser              | false",
            "ALLOW vip-* @editor                        | vip-1  | NotAuthenticatedUser           | false",
            "ALLOW vip-* @editor ; ALLOW news           | news   | NotAuthenticatedUser           | true",
            "ALLOW vip-* @editor ; ALLOW news           | vip-1  | NotAuthenticatedUser           | false",
            "ALLOW vip-* @editor ; ALLOW news           | vip-1  | AuthenticatedUser editor       | true",
            "DENY * @NotAuthenticatedUser               | news   | NotAuthenticatedUser           | false",
            "DENY * @NotAuthenticatedUser               | news   | AuthenticatedUser              | true",
            "ALLOW * ; DENY alerts @intern              | alerts | AuthenticatedUser intern       | false",
            "ALLOW * ; DENY alerts @intern              | alerts | AuthenticatedUser editor       | true",
            "ALLOW * @AuthenticatedUser                 | any    | AuthenticatedUser              | true",
            "ALLOW * @AuthenticatedUser                 | any    | NotAuthenticatedUser           | false"})
    void evaluationWithRoles(String rules, String channel, String roles, boolean allowed) {
        assertEquals(allowed, PublishRules.allows(rules(rules), channel, java.util.Set.of(roles.split(" "))));
    }

    @org.junit.jupiter.api.Test
    void aRuleWithARoleIsStoredAndReadBack() throws Exception {
        List<Rule> rules = PublishRules.parse(Json.MAPPER.readTree(
                "[{\"channel\":\"vip-*\",\"access\":\"ALLOW\",\"role\":\"editor\"},{\"channel\":\"x\",\"access\":\"DENY\",\"role\":null}]"));
        assertEquals(List.of(new Rule("vip-*", Access.ALLOW, "editor"), new Rule("x", Access.DENY)), rules);
        // stored as JSON without a null role, and read back the same
        assertEquals("[{\"channel\":\"vip-*\",\"access\":\"ALLOW\",\"role\":\"editor\"},{\"channel\":\"x\",\"access\":\"DENY\"}]",
                Json.encode(rules));
        assertEquals(rules, PublishRules.parse(Json.MAPPER.readTree(Json.encode(rules))));
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
            "[{\"channel\":\"news\",\"access\":\"ALLOW\",\"role\":\"\"}]",
            "[{\"channel\":\"news\",\"access\":\"ALLOW\",\"role\":7}]",
            "[{\"channel\":\"news\",\"access\":\"ALLOW\",\"role\":\"a role\"}]",
            "[{\"channel\":\"news\",\"access\":\"ALLOW\",\"who\":\"x\"}]"})
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
                rules.add(new Rule(parts[1], Access.valueOf(parts[0]), parts.length > 2 ? parts[2].substring(1) : null));
            }
        }
        return rules;
    }
}
