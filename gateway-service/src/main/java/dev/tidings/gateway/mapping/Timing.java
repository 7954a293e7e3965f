package dev.tidings.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * When a publish fires: now (both fields null), once later, or repeatedly. Times are epoch milliseconds
 * ({@code publishAt}, {@code repeatExpiresAt}) and the period is in seconds ({@code repeatEvery}), as in
 * Backendless. An ISO-8601 instant is accepted as well, because that is what the JavaScript SDK sends
 * when a caller passes a {@code Date}.
 *
 * @param firstDueAt when the first firing is due; null for an immediate publish
 * @param repeatEvery seconds between firings; null unless repeating
 * @param repeatExpiresAt when a repeating series ends; null for never (until cancelled)
 */
public record Timing(Instant firstDueAt, Long repeatEvery, Instant repeatExpiresAt) {
    /** a {@code publishAt} this far in the past is taken as now (clocks of callers and servers disagree a little) */
    public static final Duration CLOCK_SKEW_GRACE = Duration.ofSeconds(5);
    /** how far ahead a message may be scheduled */
    public static final Duration HORIZON = Duration.ofDays(5 * 366);
    public static final long MIN_REPEAT_EVERY = 1;
    public static final long MAX_REPEAT_EVERY = Duration.ofDays(366).toSeconds();
    /** 1973-03-03 in milliseconds, or year 5138 in seconds: anything smaller was given in seconds */
    static final long SMALLEST_MILLIS = 100_000_000_000L;

    public static final Timing NOW = new Timing(null, null, null);

    public boolean scheduled() {
        return firstDueAt != null;
    }

    /** @throws ApiException 5030 (publishAt), 5916 (repeatEvery) or 5003 (repeatExpiresAt) */
    public static Timing parse(JsonNode body, Instant now) {
        Instant publishAt = time(body.get("publishAt"), ErrorCodes.INVALID_PUBLISH_AT, "publishAt");
        if (publishAt != null) {
            if (publishAt.isBefore(now.minus(CLOCK_SKEW_GRACE))) {
                throw ApiException.badRequest(ErrorCodes.INVALID_PUBLISH_AT, "publishAt " + publishAt.toEpochMilli()
                        + " (" + publishAt + ") is in the past; give a future time in epoch milliseconds");
            }
            if (publishAt.isAfter(now.plus(HORIZON))) {
                throw ApiException.badRequest(ErrorCodes.INVALID_PUBLISH_AT, "publishAt " + publishAt
                        + " is more than 5 years ahead");
            }
        }
        Long repeatEvery = repeatEvery(body.get("repeatEvery"));
        JsonNode expiresNode = body.get("repeatExpiresAt");
        if (repeatEvery == null && expiresNode != null && !expiresNode.isNull()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REPEAT_EXPIRES_AT, "repeatExpiresAt needs repeatEvery");
        }
        Instant expires = time(expiresNode, ErrorCodes.INVALID_REPEAT_EXPIRES_AT, "repeatExpiresAt");
        Instant first = publishAt == null || publishAt.isBefore(now) ? now : publishAt;
        if (expires != null && !expires.isAfter(first)) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REPEAT_EXPIRES_AT, "repeatExpiresAt " + expires
                    + " must be after the first firing at " + first);
        }
        if (repeatEvery == null && (publishAt == null || !publishAt.isAfter(now))) {
            return NOW;
        }
        return new Timing(first, repeatEvery, expires);
    }

    private static Instant time(JsonNode node, int code, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        long ms;
        if (node.isNumber() && node.canConvertToExactIntegral() && node.canConvertToLong()) {
            ms = node.asLong();
        } else if (node.isTextual() && node.asText().matches("[0-9]{1,18}")) {
            ms = Long.parseLong(node.asText());
        } else if (node.isTextual()) {
            try {
                ms = OffsetDateTime.parse(node.asText()).toInstant().toEpochMilli();
            } catch (ArithmeticException e) {
                throw ApiException.badRequest(code, field + " " + abbreviate(node.asText()) + " is out of range");
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(code, field + " must be epoch milliseconds or an ISO-8601 time, not "
                        + abbreviate(node.asText()));
            }
        } else {
            throw ApiException.badRequest(code, field + " must be a whole number of epoch milliseconds");
        }
        if (ms < 0) {
            throw ApiException.badRequest(code, field + " must not be negative");
        }
        if (ms < SMALLEST_MILLIS) {
            throw ApiException.badRequest(code, field + " " + ms + " looks like seconds; it is epoch milliseconds ("
                    + ms + "000?)");
        }
        return Instant.ofEpochMilli(ms);
    }

    private static Long repeatEvery(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()
                || node.asLong() < MIN_REPEAT_EVERY || node.asLong() > MAX_REPEAT_EVERY) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REPEAT_EVERY, "repeatEvery must be a whole number of seconds from "
                    + MIN_REPEAT_EVERY + " to " + MAX_REPEAT_EVERY + ", not " + abbreviate(node.toString()));
        }
        return node.asLong();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
