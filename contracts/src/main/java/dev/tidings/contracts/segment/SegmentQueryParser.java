package dev.tidings.contracts.segment;

import dev.tidings.contracts.segment.Segment.Field;
import dev.tidings.contracts.segment.Segment.Literal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a Backendless {@code segmentQuery} (a where clause over device registrations) into a
 * {@link Segment} tree. Grammar, keywords in any case:
 * <pre>
 *   query   := or
 *   or      := and ( OR and )*
 *   and     := unary ( AND unary )*
 *   unary   := NOT unary | '(' or ')' | predicate
 *   predicate := field ( '=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' ) literal
 *            | field [NOT] IN '(' literal ( ',' literal )* ')'
 *            | field [NOT] LIKE string
 *            | field IS [NOT] NULL
 *   literal := 'text' (a quote doubled inside) | "text" | number | TRUE | FALSE
 * </pre>
 * Fields: {@code os}, {@code osVersion}, {@code deviceId}, {@code channel} (or {@code channelName}),
 * {@code registeredAt} (or {@code registrationDate}; compared with epoch milliseconds or ISO-8601 text),
 * and {@code properties.<name>} for a device's custom properties.
 */
public final class SegmentQueryParser {
    public static final int MAX_LENGTH = 4_000;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_IN_VALUES = 1_000;

    private static final Map<String, Field.Kind> FIELDS = Map.of(
            "os", Field.Kind.OS,
            "osversion", Field.Kind.OS_VERSION,
            "deviceid", Field.Kind.DEVICE_ID,
            "channel", Field.Kind.CHANNEL,
            "channelname", Field.Kind.CHANNEL,
            "registeredat", Field.Kind.REGISTERED_AT,
            "registrationdate", Field.Kind.REGISTERED_AT);
    private static final Pattern PROPERTY = Pattern.compile("properties\\.([A-Za-z_][A-Za-z0-9_]{0,63})");

    /** Why a query was refused, with the position it was refused at. */
    public static final class InvalidQueryException extends IllegalArgumentException {
        public InvalidQueryException(String message) {
            super(message);
        }
    }

    private final List<Token> tokens;
    private int pos;
    private int depth;

    private SegmentQueryParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static Segment parse(String query) {
        if (query == null || query.isBlank()) {
            throw new InvalidQueryException("segmentQuery is empty");
        }
        if (query.length() > MAX_LENGTH) {
            throw new InvalidQueryException("segmentQuery is longer than " + MAX_LENGTH + " characters");
        }
        SegmentQueryParser parser = new SegmentQueryParser(Lexer.tokens(query));
        Segment segment = parser.or();
        if (parser.peek().type() != Token.Type.END) {
            throw parser.error("unexpected " + parser.peek().describe());
        }
        return segment;
    }

    private Segment or() {
        enter();
        Segment left = and();
        while (keyword("OR")) {
            left = new Segment.Or(left, and());
        }
        depth--;
        return left;
    }

    private Segment and() {
        Segment left = unary();
        while (keyword("AND")) {
            left = new Segment.And(left, unary());
        }
        return left;
    }

    private Segment unary() {
        if (keyword("NOT")) {
            enter();
            Segment inner = unary();
            depth--;
            return new Segment.Not(inner);
        }
        if (symbol("(")) {
            Segment inner = or();
            expectSymbol(")");
            return inner;
        }
        return predicate();
    }

    private Segment predicate() {
        Token name = next();
        if (name.type() != Token.Type.WORD) {
            throw error("expected a field name, found " + name.describe());
        }
        Field field = field(name);
        if (keyword("IS")) {
            boolean negated = keyword("NOT");
            expectKeyword("NULL");
            return new Segment.IsNull(field, negated);
        }
        boolean negated = keyword("NOT");
        if (keyword("IN")) {
            expectSymbol("(");
            List<Literal> values = new ArrayList<>();
            do {
                if (values.size() == MAX_IN_VALUES) {
                    throw error("IN lists at most " + MAX_IN_VALUES + " values");
                }
                values.add(checked(field, literal()));
            } while (symbol(","));
            expectSymbol(")");
            return new Segment.In(field, values, negated);
        }
        if (keyword("LIKE")) {
            Literal pattern = literal();
            if (!pattern.isText()) {
                throw error("LIKE needs a quoted pattern");
            }
            if (field.kind() == Field.Kind.REGISTERED_AT) {
                throw error("LIKE does not apply to registeredAt; compare it with a time");
            }
            return new Segment.Like(field, (String) pattern.value(), negated);
        }
        if (negated) {
            throw error("NOT here must be followed by IN or LIKE");
        }
        Token op = next();
        Segment.Op operator = switch (op.type() == Token.Type.SYMBOL ? op.text() : "") {
            case "=" -> Segment.Op.EQ;
            case "!=", "<>" -> Segment.Op.NE;
            case "<" -> Segment.Op.LT;
            case "<=" -> Segment.Op.LE;
            case ">" -> Segment.Op.GT;
            case ">=" -> Segment.Op.GE;
            default -> throw error("expected a comparison after " + name.text() + ", found " + op.describe());
        };
        return new Segment.Compare(field, operator, checked(field, literal()));
    }

    /** A value the field can be compared with: registeredAt takes only a time it can read. */
    private Literal checked(Field field, Literal value) {
        if (field.kind() == Field.Kind.REGISTERED_AT) {
            try {
                instant(value);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
        return value;
    }

    /** The latest time registeredAt can be compared with: the end of the year 9999 */
    private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    /**
     * The instant a registeredAt literal names: whole epoch milliseconds from 0 to the end of the year 9999,
     * or ISO-8601 text with an offset ({@code 2026-12-04T10:00:00Z}) in that range.
     *
     * @throws IllegalArgumentException when it names none
     */
    public static java.time.Instant instant(Literal v) {
        java.time.Instant at;
        if (v.isNumber()) {
            BigDecimal ms = (BigDecimal) v.value();
            if (ms.signum() < 0 || ms.compareTo(BigDecimal.valueOf(MAX_EPOCH_MILLIS)) > 0 || ms.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("registeredAt needs whole epoch milliseconds from 0 to "
                        + MAX_EPOCH_MILLIS + " or an ISO-8601 time, got " + v.text());
            }
            return java.time.Instant.ofEpochMilli(ms.longValueExact());
        }
        if (!v.isText()) {
            throw new IllegalArgumentException("registeredAt needs epoch milliseconds or an ISO-8601 time, got " + v.text());
        }
        try {
            at = java.time.OffsetDateTime.parse(v.text()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("registeredAt needs epoch milliseconds or an ISO-8601 time such as"
                    + " '2026-12-04T10:00:00Z', got '" + v.text() + "'");
        }
        if (at.isBefore(java.time.Instant.EPOCH) || at.isAfter(java.time.Instant.ofEpochMilli(MAX_EPOCH_MILLIS))) {
            throw new IllegalArgumentException("registeredAt must be between 1970 and the year 9999, got '" + v.text() + "'");
        }
        return at;
    }

    private Field field(Token name) {
        String lower = name.text().toLowerCase(Locale.ROOT);
        Field.Kind kind = FIELDS.get(lower);
        if (kind != null) {
            return new Field(kind, null);
        }
        var m = PROPERTY.matcher(name.text());
        if (m.matches()) {
            return new Field(Field.Kind.PROPERTY, m.group(1));
        }
        throw error("unknown field \"" + name.text() + "\": use os, osVersion, deviceId, channel, registeredAt"
                + " or properties.<name>");
    }

    private Literal literal() {
        Token t = next();
        return switch (t.type()) {
            case STRING -> new Literal(t.text());
            case NUMBER -> new Literal(new BigDecimal(t.text()));
            case WORD -> switch (t.text().toUpperCase(Locale.ROOT)) {
                case "TRUE" -> new Literal(Boolean.TRUE);
                case "FALSE" -> new Literal(Boolean.FALSE);
                default -> throw error("expected a value, found " + t.describe() + " (quote text values)");
            };
            default -> throw error("expected a value, found " + t.describe());
        };
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("segmentQuery nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private boolean keyword(String word) {
        Token t = peek();
        if (t.type() == Token.Type.WORD && t.text().equalsIgnoreCase(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String word) {
        if (!keyword(word)) {
            throw error("expected " + word + ", found " + peek().describe());
        }
    }

    private boolean symbol(String s) {
        Token t = peek();
        if (t.type() == Token.Type.SYMBOL && t.text().equals(s)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectSymbol(String s) {
        if (!symbol(s)) {
            throw error("expected '" + s + "', found " + peek().describe());
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.type() != Token.Type.END) {
            pos++;
        }
        return t;
    }

    private InvalidQueryException error(String message) {
        return new InvalidQueryException("segmentQuery: " + message + " (at character " + (peekOrLast().at() + 1) + ")");
    }

    private Token peekOrLast() {
        return tokens.get(Math.min(pos, tokens.size() - 1));
    }

    record Token(Type type, String text, int at) {
        enum Type { WORD, STRING, NUMBER, SYMBOL, END }

        String describe() {
            return switch (type) {
                case END -> "the end of the query";
                case STRING -> "'" + text + "'";
                default -> "\"" + text + "\"";
            };
        }
    }

    /** Splits the query into tokens; quoted strings keep their text exactly (a doubled quote is one). */
    static final class Lexer {
        static List<Token> tokens(String q) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < q.length()) {
                char c = q.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'' || c == '"') {
                    StringBuilder text = new StringBuilder();
                    int start = i++;
                    while (true) {
                        if (i >= q.length()) {
                            throw new InvalidQueryException("segmentQuery: unterminated string starting at character " + (start + 1));
                        }
                        char d = q.charAt(i++);
                        if (d == c) {
                            if (i < q.length() && q.charAt(i) == c) {
                                text.append(c);
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            text.append(d);
                        }
                    }
                    out.add(new Token(Token.Type.STRING, text.toString(), start));
                } else if (Character.isDigit(c) || (c == '-' && i + 1 < q.length() && Character.isDigit(q.charAt(i + 1)))) {
                    int start = i++;
                    while (i < q.length() && (Character.isDigit(q.charAt(i)) || q.charAt(i) == '.')) {
                        i++;
                    }
                    String number = q.substring(start, i);
                    if (!number.matches("-?\\d{1,30}(\\.\\d{1,30})?")) {
                        throw new InvalidQueryException("segmentQuery: bad number " + number + " at character " + (start + 1));
                    }
                    out.add(new Token(Token.Type.NUMBER, number, start));
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < q.length() && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '_' || q.charAt(i) == '.')) {
                        i++;
                    }
                    out.add(new Token(Token.Type.WORD, q.substring(start, i), start));
                } else if ("<>!=".indexOf(c) >= 0) {
                    int start = i++;
                    if (i < q.length() && (q.charAt(i) == '=' || (c == '<' && q.charAt(i) == '>'))) {
                        i++;
                    }
                    String op = q.substring(start, i);
                    if (op.equals("!")) {
                        throw new InvalidQueryException("segmentQuery: '!' must be '!=' (at character " + (start + 1) + ")");
                    }
                    out.add(new Token(Token.Type.SYMBOL, op, start));
                } else if (c == '(' || c == ')' || c == ',') {
                    out.add(new Token(Token.Type.SYMBOL, String.valueOf(c), i++));
                } else {
                    throw new InvalidQueryException("segmentQuery: unexpected character '" + c + "' at character " + (i + 1));
                }
            }
            out.add(new Token(Token.Type.END, "", q.length()));
            return out;
        }
    }
}
