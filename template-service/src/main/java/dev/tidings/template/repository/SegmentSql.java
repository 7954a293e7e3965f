package dev.tidings.template.repository;

import dev.tidings.contracts.segment.Segment;
import dev.tidings.contracts.segment.Segment.Field;
import dev.tidings.contracts.segment.Segment.Literal;
import dev.tidings.template.service.RegistrationParser;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link Segment} tree into a SQL condition over {@code template.device d}. The SQL text
 * comes only from this class's fixed fragments and the field kinds; every value from the query,
 * custom property names included, is a bound parameter ({@code $n}).
 */
public final class SegmentSql {
    /** the condition and its parameters, numbered from the {@code firstParameter} given to {@link #compile} */
    public record Condition(String sql, List<Object> parameters) {
    }

    private final List<Object> parameters = new ArrayList<>();
    private final int first;

    private SegmentSql(int first) {
        this.first = first;
    }

    /** @throws IllegalArgumentException when a value cannot be compared with its field (e.g. a bad date) */
    public static Condition compile(Segment segment, int firstParameter) {
        SegmentSql compiler = new SegmentSql(firstParameter);
        String sql = compiler.node(segment);
        return new Condition(sql, compiler.parameters);
    }

    private String node(Segment s) {
        if (s instanceof Segment.And a) {
            return "(" + node(a.left()) + " and " + node(a.right()) + ")";
        } else if (s instanceof Segment.Or o) {
            return "(" + node(o.left()) + " or " + node(o.right()) + ")";
        } else if (s instanceof Segment.Not n) {
            return "(not coalesce(" + node(n.inner()) + ", false))";
        } else if (s instanceof Segment.Compare c) {
            return compare(c);
        } else if (s instanceof Segment.In in) {
            return in(in);
        } else if (s instanceof Segment.Like like) {
            return like(like);
        } else {
            return isNull((Segment.IsNull) s);
        }
    }

    private String compare(Segment.Compare c) {
        Field f = c.field();
        Literal v = c.value();
        String op = c.op().sql;
        return switch (f.kind()) {
            case CHANNEL -> (c.op() == Segment.Op.NE ? "not " : "")
                    + channelExists(c.op() == Segment.Op.NE ? "=" : op, bind(v.text()));
            case OS -> "d.os " + op + " " + bind(v.text().toUpperCase(java.util.Locale.ROOT));
            case DEVICE_ID -> "d.device_id " + op + " " + bind(v.text());
            case OS_VERSION -> c.op() == Segment.Op.EQ || c.op() == Segment.Op.NE
                    ? "d.os_version " + op + " " + bind(v.text())
                    : "d.os_version_key " + op + " " + bind(RegistrationParser.versionKey(v.text()));
            case REGISTERED_AT -> "d.registered_at " + op + " " + bind(timestamp(v));
            case PROPERTY -> property(f.property(), op, v);
        };
    }

    private String property(String name, String op, Literal v) {
        String key = bind(name);
        if (v.isNumber()) {
            return "(case when jsonb_typeof(d.properties -> " + key + ") = 'number' then (d.properties ->> "
                    + key + ")::numeric end) " + op + " " + bind(v.value());
        }
        if (v.isBoolean()) {
            return "(case when jsonb_typeof(d.properties -> " + key + ") = 'boolean' then (d.properties ->> "
                    + key + ")::boolean end) " + op + " " + bind(v.value());
        }
        return "(d.properties ->> " + key + ") " + op + " " + bind(v.text());
    }

    private String in(Segment.In in) {
        String[] values = in.values().stream().map(Literal::text).toArray(String[]::new);
        Field f = in.field();
        String condition = switch (f.kind()) {
            case CHANNEL -> channelExists("= any", "(" + bind(values) + ")");
            case OS -> "d.os = any(" + bind(java.util.Arrays.stream(values)
                    .map(x -> x.toUpperCase(java.util.Locale.ROOT)).toArray(String[]::new)) + ")";
            case DEVICE_ID -> "d.device_id = any(" + bind(values) + ")";
            case OS_VERSION -> "d.os_version = any(" + bind(values) + ")";
            case REGISTERED_AT -> "d.registered_at = any(" + bind(in.values().stream().map(SegmentSql::timestamp)
                    .toArray(OffsetDateTime[]::new)) + ")";
            case PROPERTY -> "(d.properties ->> " + bind(f.property()) + ") = any(" + bind(values) + ")";
        };
        return in.negated() ? "(not coalesce(" + condition + ", false))" : condition;
    }

    private String like(Segment.Like like) {
        Field f = like.field();
        String pattern = bind(like.pattern());
        String condition = switch (f.kind()) {
            case CHANNEL -> channelExists("like", pattern);
            case OS -> "d.os like " + pattern;
            case DEVICE_ID -> "d.device_id like " + pattern;
            case OS_VERSION -> "d.os_version like " + pattern;
            case REGISTERED_AT -> throw new IllegalArgumentException("LIKE does not apply to registeredAt");
            case PROPERTY -> "(d.properties ->> " + bind(f.property()) + ") like " + pattern;
        };
        return like.negated() ? "(not coalesce(" + condition + ", false))" : condition;
    }

    private String isNull(Segment.IsNull n) {
        Field f = n.field();
        String condition = switch (f.kind()) {
            case CHANNEL -> "not exists (select 1 from template.device_channel dc where dc.registration_id = d.registration_id)";
            case OS -> "d.os is null";
            case DEVICE_ID -> "d.device_id is null";
            case OS_VERSION -> "d.os_version is null";
            case REGISTERED_AT -> "d.registered_at is null";
            case PROPERTY -> "(d.properties ->> " + bind(f.property()) + ") is null";
        };
        return n.negated() ? "(not (" + condition + "))" : condition;
    }

    private static String channelExists(String op, String value) {
        return "exists (select 1 from template.device_channel dc where dc.registration_id = d.registration_id"
                + " and dc.channel " + op + " " + value + ")";
    }

    private String bind(Object value) {
        parameters.add(value instanceof BigDecimal d ? io.vertx.sqlclient.data.Numeric.create(d) : value);
        return "$" + (first + parameters.size() - 1);
    }

    /** registeredAt compares with epoch milliseconds or ISO-8601 text, read as the parser checked it */
    private static OffsetDateTime timestamp(Literal v) {
        return dev.tidings.contracts.segment.SegmentQueryParser.instant(v).atOffset(ZoneOffset.UTC);
    }
}
