package dev.tidings.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which channels an API key may publish to. A key carries a list of rules, each a channel pattern
 * ({@code *} any run of characters, {@code ?} one character) with {@code ALLOW} or {@code DENY}, and
 * optionally a role: such a rule applies only to callers that have the role. A caller with a valid
 * {@code user-token} has {@value #AUTHENTICATED} and the roles the token was issued with; a caller without
 * one has {@value #NOT_AUTHENTICATED} (Backendless' names).
 * <ul>
 *   <li>a matching {@code DENY} rule that applies refuses the channel, whatever else matches;</li>
 *   <li>otherwise, when the key has {@code ALLOW} rules (for any role), one that applies must match;</li>
 *   <li>a key with no rules may publish to every channel (as a new Backendless app does).</li>
 * </ul>
 * Pure: parsing and evaluation only.
 */
public final class PublishRules {
    public static final int MAX_RULES = 100;
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_.:\\-*?]{1,255}");
    /** what a role may be called: 1 to 64 letters, digits, '_', '-', '.' */
    public static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    /** the role of every caller with a valid user-token */
    public static final String AUTHENTICATED = "AuthenticatedUser";
    /** the role of every caller without a user-token */
    public static final String NOT_AUTHENTICATED = "NotAuthenticatedUser";

    public enum Access { ALLOW, DENY }

    /** @param role the role the rule applies to; null: every caller */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Rule(String channel, Access access, String role) {
        public Rule(String channel, Access access) {
            this(channel, access, null);
        }

        boolean matches(String name) {
            return glob(channel, 0, name, 0);
        }

        boolean appliesTo(java.util.Set<String> roles) {
            return role == null || roles.contains(role);
        }
    }

    /** @return whether a caller without a user-token may publish to the channel with a key of these rules */
    public static boolean allows(List<Rule> rules, String channel) {
        return allows(rules, channel, java.util.Set.of(NOT_AUTHENTICATED));
    }

    /** @return whether a caller with these roles may publish to the channel with a key of these rules */
    public static boolean allows(List<Rule> rules, String channel, java.util.Set<String> roles) {
        boolean anyAllow = false;
        boolean allowed = false;
        for (Rule rule : rules) {
            boolean applies = rule.appliesTo(roles) && rule.matches(channel);
            if (rule.access() == Access.DENY && applies) {
                return false;
            }
            if (rule.access() == Access.ALLOW) {
                anyAllow = true;
                allowed |= applies;
            }
        }
        return !anyAllow || allowed;
    }

    /**
     * Reads {@code [{"channel": "news-*", "access": "ALLOW"}, ...]}; null or missing means no rules.
     *
     * @throws ApiException (5904) naming what is wrong
     */
    public static List<Rule> parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("publishRules must be a list of {\"channel\": pattern, \"access\": \"ALLOW\" or \"DENY\"}");
        }
        if (node.size() > MAX_RULES) {
            throw invalid("at most " + MAX_RULES + " publishRules");
        }
        List<Rule> rules = new ArrayList<>(node.size());
        for (JsonNode r : node) {
            if (!r.isObject()) {
                throw invalid("each publish rule must be an object with channel and access");
            }
            JsonNode channel = r.get("channel");
            if (channel == null || !channel.isTextual() || !PATTERN.matcher(channel.asText()).matches()) {
                throw invalid("a publish rule's channel must be a channel name or pattern: 1 to 255 letters, digits,"
                        + " '_', '-', '.', ':', with '*' for any characters and '?' for one");
            }
            JsonNode access = r.get("access");
            Access parsed;
            try {
                parsed = Access.valueOf(access == null || !access.isTextual() ? "" : access.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid("a publish rule's access must be ALLOW or DENY");
            }
            JsonNode role = r.get("role");
            if (role != null && !role.isNull() && (!role.isTextual() || !ROLE.matcher(role.asText()).matches())) {
                throw invalid("a publish rule's role must have 1 to 64 letters, digits, '_', '-' or '.'");
            }
            java.util.Iterator<String> names = r.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!name.equals("channel") && !name.equals("access") && !name.equals("role")) {
                    throw invalid("unknown field in a publish rule: " + name);
                }
            }
            rules.add(new Rule(channel.asText(), parsed, role == null || role.isNull() ? null : role.asText()));
        }
        return List.copyOf(rules);
    }

    /** Glob match of {@code pattern} from {@code p} against {@code text} from {@code t}; iterative on '*'. */
    static boolean glob(String pattern, int p, String text, int t) {
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCodes.INVALID_FIELD, message);
    }

    private PublishRules() {
    }
}
