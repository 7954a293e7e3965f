package dev.tidings.contracts.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.contracts.segment.Segment.Compare;
import dev.tidings.contracts.segment.Segment.Field;
import dev.tidings.contracts.segment.Segment.Literal;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentQueryParserTest {
    static final Field OS = new Field(Field.Kind.OS, null);
    static final Field VERSION = new Field(Field.Kind.OS_VERSION, null);

    @Test
    void andBindsTighterThanOr() {
        Segment s = SegmentQueryParser.parse("os = 'IOS' OR os = 'ANDROID' AND osVersion >= '12'");
        assertEquals(new Segment.Or(
                new Compare(OS, Segment.Op.EQ, new Literal("IOS")),
                new Segment.And(
                        new Compare(OS, Segment.Op.EQ, new Literal("ANDROID")),
                        new Compare(VERSION, Segment.Op.GE, new Literal("12")))), s);
    }

    @Test
    void parenthesesNotInLikeIsNull() {
        Segment s = SegmentQueryParser.parse("not (deviceId in ('a', \"b\") or channel like 'news%') and properties.tier is not null");
        assertEquals(new Segment.And(
                new Segment.Not(new Segment.Or(
                        new Segment.In(new Field(Field.Kind.DEVICE_ID, null), List.of(new Literal("a"), new Literal("b")), false),
                        new Segment.Like(new Field(Field.Kind.CHANNEL, null), "news%", false))),
                new Segment.IsNull(new Field(Field.Kind.PROPERTY, "tier"), true)), s);
    }

    @Test
    void literalsKeepTheirType() {
        assertEquals(new Compare(new Field(Field.Kind.PROPERTY, "age"), Segment.Op.GT, new Literal(new BigDecimal("-2.5"))),
                SegmentQueryParser.parse("properties.age > -2.5"));
        assertEquals(new Compare(new Field(Field.Kind.PROPERTY, "vip"), Segment.Op.EQ, new Literal(Boolean.TRUE)),
                SegmentQueryParser.parse("properties.vip = TRUE"));
        assertEquals(new Compare(OS, Segment.Op.NE, new Literal("IOS")), SegmentQueryParser.parse("os <> 'IOS'"));
        assertEquals(new Segment.In(new Field(Field.Kind.PROPERTY, "n"), List.of(new Literal(new BigDecimal("1")), new Literal("x")), true),
                SegmentQueryParser.parse("properties.n NOT IN (1, 'x')"));
    }

    @Test
    void injectionStaysInsideTheStringLiteral() {
        Segment s = SegmentQueryParser.parse("deviceId = 'x''; drop table template.device; --'");
        assertEquals(new Compare(new Field(Field.Kind.DEVICE_ID, null), Segment.Op.EQ,
                new Literal("x'; drop table template.device; --")), s);
    }

    @Test
    void fieldNamesAreCaseInsensitiveAndHaveAliases() {
        assertEquals(SegmentQueryParser.parse("OSVERSION = '1'"), SegmentQueryParser.parse("osVersion = '1'"));
        assertEquals(SegmentQueryParser.parse("channelName = 'a'"), SegmentQueryParser.parse("channel = 'a'"));
        assertEquals(SegmentQueryParser.parse("registrationDate > 5"), SegmentQueryParser.parse("registeredAt > 5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "os", "os =", "os = IOS", "= 'IOS'", "os == 'IOS'", "os = 'IOS' AND", "(os = 'IOS'",
            "os = 'IOS')", "os IN ()", "os IN 'IOS'", "os LIKE 5", "os IS 'x'", "os NOT = 'a'", "color = 'red'",
            "properties.bad-name = 1", "properties. = 1", "os = 'unterminated", "os = 1.2.3", "os ! 'x'",
            "os = 'a'; delete", "os = 'a' -- comment", "deviceId = 'a' OR 1=1",
            // registeredAt takes only times it can read: checked here, so nothing fails later in the database
            "registeredAt > 99999999999999999999999", "registeredAt > 1.5", "registeredAt > -1",
            "registeredAt IN (1, 99999999999999999999999)", "registeredAt > 'not-a-date'", "registeredAt = TRUE",
            "registeredAt > '+999999999-12-31T23:59:59Z'", "registeredAt LIKE '2026%'"})
    void refusesWhatDoesNotParseOrNamesAnUnknownField(String query) {
        SegmentQueryParser.InvalidQueryException e = assertThrows(SegmentQueryParser.InvalidQueryException.class,
                () -> SegmentQueryParser.parse(query));
        assertTrue(e.getMessage().startsWith("segmentQuery"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"registeredAt > 0", "registeredAt > 1764844800000", "registeredAt > 1764844800000.0",
            "registeredAt < '2026-12-04T10:00:00Z'", "registeredAt IN ('2026-12-04T10:00:00+01:00', 5)"})
    void readsTheTimesRegisteredAtTakes(String query) {
        SegmentQueryParser.parse(query);
    }

    @Test
    void limitsLengthDepthAndListSize() {
        assertThrows(SegmentQueryParser.InvalidQueryException.class,
                () -> SegmentQueryParser.parse("os = '" + "x".repeat(SegmentQueryParser.MAX_LENGTH) + "'"));
        assertThrows(SegmentQueryParser.InvalidQueryException.class,
                () -> SegmentQueryParser.parse("(".repeat(40) + "os = 'a'" + ")".repeat(40)));
        assertThrows(SegmentQueryParser.InvalidQueryException.class,
                () -> SegmentQueryParser.parse("NOT ".repeat(40) + "os = 'a'"));
        String many = String.join(",", java.util.Collections.nCopies(SegmentQueryParser.MAX_IN_VALUES + 1, "'a'"));
        assertThrows(SegmentQueryParser.InvalidQueryException.class, () -> SegmentQueryParser.parse("os IN (" + many + ")"));
        SegmentQueryParser.parse("(".repeat(20) + "os = 'a'" + ")".repeat(20));
    }
}
