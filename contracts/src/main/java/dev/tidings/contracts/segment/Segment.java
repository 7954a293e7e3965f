package dev.tidings.contracts.segment;

import java.util.List;

/** The tree of a parsed {@code segmentQuery}. Values are kept as typed literals, never as SQL text. */
public sealed interface Segment {

    record And(Segment left, Segment right) implements Segment {
    }

    record Or(Segment left, Segment right) implements Segment {
    }

    record Not(Segment inner) implements Segment {
    }

    /** {@code field op value}, op one of {@code = != < <= > >=} */
    record Compare(Field field, Op op, Literal value) implements Segment {
    }

    /** {@code field [NOT] IN (v1, v2, ...)} */
    record In(Field field, List<Literal> values, boolean negated) implements Segment {
    }

    /** {@code field [NOT] LIKE 'pattern'} with SQL's {@code %} and {@code _} */
    record Like(Field field, String pattern, boolean negated) implements Segment {
    }

    /** {@code field IS [NOT] NULL} */
    record IsNull(Field field, boolean negated) implements Segment {
    }

    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        public final String sql;

        Op(String sql) {
            this.sql = sql;
        }
    }

    /**
     * A field of a registration: one of the built-in ones, or a custom property written
     * {@code properties.name}.
     */
    record Field(Kind kind, String property) {
        public enum Kind { OS, OS_VERSION, DEVICE_ID, CHANNEL, REGISTERED_AT, PROPERTY }
    }

    /** A literal: text, a number or a boolean. */
    record Literal(Object value) {
        public boolean isText() {
            return value instanceof String;
        }

        public boolean isNumber() {
            return value instanceof java.math.BigDecimal;
        }

        public boolean isBoolean() {
            return value instanceof Boolean;
        }

        public String text() {
            return value instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(value);
        }
    }
}
