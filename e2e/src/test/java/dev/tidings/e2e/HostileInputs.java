package dev.tidings.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed and hostile requests for the public API, each one that must be refused: broken and truncated
 * JSON, random bytes, wrong types, huge numbers, deep nesting, broken Unicode, SQL and template injection,
 * oversized fields and paths with characters no id may have. Every input is built to be invalid (a valid
 * request with exactly one thing wrong, or no request at all), so a 2xx answer is a bug, not noise.
 * Deterministic for a seed.
 */
final class HostileInputs {

    /** One request: where it goes (relative to the app's messaging URL, or "/admin" for the app's admin URL). */
    record Input(String kind, String method, String path, byte[] body) {
        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return kind + ": " + method + " " + abbreviate(path) + " " + abbreviate(text);
        }
    }

    private final Random random;
    private final List<Input> inputs = new ArrayList<>();

    private HostileInputs(long seed) {
        random = new Random(seed);
    }

    static List<Input> generate(long seed) {
        HostileInputs h = new HostileInputs(seed);
        h.brokenJson();
        h.randomBytes();
        h.publishFields();
        h.hugeNumbersAndNesting();
        h.brokenUnicode();
        h.segmentQueryInjection();
        h.hostilePaths();
        h.templateSends();
        h.registrations();
        h.templatesAndUsers();
        h.typeConfusion(800);
        h.randomChannels(300);
        h.randomSegmentQueries(700);
        return h.inputs;
    }

    // ---- publish ----------------------------------------------------------------------------------------

    private static final long DAY = 86_400_000L;

    static final List<String> VALID_PUBLISHES = List.of(
            "{\"message\":\"hello\"}",
            "{\"message\":\"hi\",\"headers\":{\"android-content-title\":\"T\",\"ios-badge\":\"2\",\"orderId\":\"7\"},\"pushBroadcast\":\"ALL\"}",
            "{\"message\":{\"nested\":[1,2,{\"x\":null}]},\"publishPolicy\":\"PUSH\",\"segmentQuery\":\"os = 'ANDROID' AND osVersion >= '12'\"}",
            "{\"message\":\"later\",\"publishAt\":" + (System.currentTimeMillis() + DAY) + ",\"repeatEvery\":3600,\"repeatExpiresAt\":"
                    + (System.currentTimeMillis() + 2 * DAY) + "}",
            "{\"message\":\"to two\",\"pushSinglecast\":[\"fz-android\",\"fz-ios\"],\"publisherId\":\"svc\"}");

    /** Every valid publish cut short at many places, and with a closing brace, comma or quote dropped or doubled. */
    private void brokenJson() {
        for (String valid : VALID_PUBLISHES) {
            for (int cut = 0; cut < valid.length() - 1; cut += 1 + random.nextInt(3)) {
                publish("truncated JSON", valid.substring(0, cut));
            }
            publish("trailing garbage", valid + "}");
            publish("two values", valid + valid);
            publish("trailing comma", valid.substring(0, valid.length() - 1) + ",}");
            publish("single quotes", valid.replace('"', '\''));
            publish("unquoted names", valid.replaceAll("\"([a-zA-Z]+)\":", "$1:"));
            publish("comment", "/* x */" + valid);
            publish("field twice", valid.substring(0, valid.length() - 1) + ",\"message\":\"again\"}");
        }
        for (String notAnObject : List.of("", " ", "null", "true", "0", "-1", "\"message\"", "[]", "[{\"message\":\"x\"}]",
                "{}", "{\"message\":null}", "{\"Message\":\"x\"}", "NaN", "Infinity", "{\"message\":NaN}", "{\"message\":undefined}",
                "{\"message\":'x'}", "{\"message\":\"x\"", "{\"message\":\"x\\q\"}", "{\"message\":\"\\u12\"}", "{\"message\":0x10}",
                "{\"message\":01}", "{\"message\":1.}", "{\"message\":.5}", "{\"message\":+1}", "{\"message\":\"x\",}")) {
            publish("not a publish body", notAnObject);
        }
    }

    /** Random bytes, and random printable text, as bodies. */
    private void randomBytes() {
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[1 + random.nextInt(i < 150 ? 64 : 4096)];
            random.nextBytes(b);
            if (b[0] == '{') {
                b[0] = '}';
            }
            inputs.add(new Input("random bytes", "POST", "/fz", b));
        }
        for (int i = 0; i < 200; i++) {
            StringBuilder s = new StringBuilder();
            int n = 1 + random.nextInt(200);
            for (int j = 0; j < n; j++) {
                s.append((char) (0x20 + random.nextInt(0x5f)));
            }
            if (s.charAt(0) == '{') {
                s.setCharAt(0, '(');
            }
            publish("random text", s.toString());
        }
    }

    /** One field with a value it must not have, in an otherwise valid publish. */
    private void publishFields() {
        String[][] bad = {
                {"message", "null"},
                {"headers", "\"a=b\""}, {"headers", "[\"a\"]"}, {"headers", "42"}, {"headers", "{\"a\":{\"b\":\"c\"}}"},
                {"headers", "{\"a\":[\"b\"]}"}, {"headers", "{\"\":\"empty name\"}"}, {"headers", "{\"aps\":\"reserved\"}"},
                {"headers", "{\"google.c.a\":\"reserved\"}"}, {"headers", "{\"gcm.notification\":\"reserved\"}"},
                {"headers", "{\"from\":\"reserved\"}"}, {"headers", "{\"message\":\"reserved\"}"},
                {"headers", "{\"notification\":\"reserved\"}"}, {"headers", "{\"ios-badge\":\"many\"}"},
                {"headers", "{\"" + "n".repeat(257) + "\":\"long name\"}"}, {"headers", "{\"v\":\"" + "v".repeat(4097) + "\"}"},
                {"headers", manyHeaders(101)},
                {"publishPolicy", "\"SOMETIMES\""}, {"publishPolicy", "7"}, {"publishPolicy", "[\"PUSH\"]"}, {"publishPolicy", "\"\""},
                {"pushPolicy", "\"NEVER\""}, {"pushPolicy", "true"},
                {"pushBroadcast", "-1"}, {"pushBroadcast", "0"}, {"pushBroadcast", "16"}, {"pushBroadcast", "1.5"},
                {"pushBroadcast", "\"WINDOWS_PHONE_7\""}, {"pushBroadcast", "\"IOS|\""}, {"pushBroadcast", "\"|\""},
                {"pushBroadcast", "{\"os\":\"IOS\"}"}, {"pushBroadcast", "[1]"}, {"pushBroadcast", "99999999999999999999"},
                {"pushSinglecast", "\"fz-android\""}, {"pushSinglecast", "[1,2]"}, {"pushSinglecast", "[null]"},
                {"pushSinglecast", "[[\"fz-android\"]]"}, {"pushSinglecast", "[\"\"]"}, {"pushSinglecast", "{\"0\":\"fz-android\"}"},
                {"pushSinglecast", manyIds(10_001)},
                {"segmentQuery", "42"}, {"segmentQuery", "[\"os = 'IOS'\"]"}, {"segmentQuery", "\"\""}, {"segmentQuery", "\"   \""},
                {"segmentQuery", "\"" + "os = 'IOS' AND ".repeat(300) + "os = 'IOS'\""},
                {"segmentQuery", "\"" + "(".repeat(40) + "os = 'IOS'" + ")".repeat(40) + "\""},
                {"publishAt", "\"tomorrow\""}, {"publishAt", "-5"}, {"publishAt", "1700000000"}, {"publishAt", "1000"},
                {"publishAt", "true"}, {"publishAt", "{\"at\":1}"}, {"publishAt", "1e30"}, {"publishAt", "\"2020-01-01T00:00:00Z\""},
                {"publishAt", String.valueOf(System.currentTimeMillis() + 20L * 365 * 86_400_000)},
                {"publishAt", "99999999999999999999999"}, {"publishAt", "\"+275760-09-13T00:00:00Z\""},
                {"repeatEvery", "0"}, {"repeatEvery", "-60"}, {"repeatEvery", "1.5"}, {"repeatEvery", "\"hourly\""},
                {"repeatEvery", "99999999999"}, {"repeatEvery", "1e300"}, {"repeatEvery", "[60]"},
                {"repeatExpiresAt", "4102444800000"}, {"repeatExpiresAt", "\"never\""},
                {"publisherId", "{\"id\":1}"}, {"publisherId", "[\"x\"]"},
        };
        for (String[] fieldValue : bad) {
            publish("bad " + fieldValue[0], "{\"message\":\"fuzz\",\"" + fieldValue[0] + "\":" + fieldValue[1] + "}");
        }
        long tomorrow = System.currentTimeMillis() + DAY;
        publish("repeatExpiresAt before its start", "{\"message\":\"x\",\"publishAt\":" + tomorrow + ",\"repeatEvery\":60,"
                + "\"repeatExpiresAt\":" + (tomorrow - 60_000) + "}");
        publish("both policies", "{\"message\":\"x\",\"publishPolicy\":\"PUSH\",\"pushPolicy\":\"ONLY\"}");
        publish("oversized message", "{\"message\":\"" + "x".repeat(5000) + "\"}");
        publish("oversized in multi-byte characters", "{\"message\":\"" + "\u00e9\u4e2d\ud83d\ude00".repeat(700) + "\"}");
        publish("body over 1 MB", "{\"message\":\"" + "y".repeat(1_100_000) + "\"}");
    }

    private void hugeNumbersAndNesting() {
        for (String n : List.of("1e309", "-1e309", "1e99999", "123456789012345678901234567890e400", "1" + "0".repeat(400),
                "-" + "9".repeat(500))) {
            publish("number beyond a double", "{\"message\":\"x\",\"headers\":{\"n\":" + n + "}}");
            publish("number beyond a double", "{\"message\":" + n + "}");
        }
        for (int depth : new int[] {1_001, 2_000, 10_000, 100_000}) {
            publish("deep array nesting", "{\"message\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
            publish("deep object nesting", "{\"message\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
            publish("unclosed nesting", "{\"message\":" + "[".repeat(depth));
        }
        publish("deep nesting in headers", "{\"message\":\"x\",\"headers\":" + "{\"a\":".repeat(50) + "\"b\"" + "}".repeat(50) + "}");
    }

    /** Text that is not valid Unicode or UTF-8, in the body and its fields. */
    private void brokenUnicode() {
        String[] escaped = {"\\ud800", "\\udfff", "x\\ud83dy", "\\ude00\\ud83d", "\\u0000", "a\\u0000b"};
        for (String e : escaped) {
            publish("broken Unicode in message", "{\"message\":\"" + e + "\"}");
            publish("broken Unicode in a header", "{\"message\":\"x\",\"headers\":{\"k\":\"" + e + "\"}}");
            publish("broken Unicode in a header name", "{\"message\":\"x\",\"headers\":{\"" + e + "\":\"v\"}}");
            publish("broken Unicode in a segment", "{\"message\":\"x\",\"segmentQuery\":\"deviceId = '" + e + "'\"}");
        }
        byte[][] raw = {
                {(byte) 0xc0, (byte) 0xaf},                   // overlong '/'
                {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},      // overlong, three bytes
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80},      // a surrogate in UTF-8 (CESU)
                {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // five bytes
                {(byte) 0xfe}, {(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc3},         // lone and truncated bytes
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},               // beyond U+10FFFF
        };
        for (byte[] r : raw) {
            inputs.add(new Input("invalid UTF-8 in message", "POST", "/fz", concat("{\"message\":\"a", r, "b\"}")));
            inputs.add(new Input("invalid UTF-8 in a header", "POST", "/fz", concat("{\"message\":\"x\",\"headers\":{\"k\":\"", r, "\"}}")));
            inputs.add(new Input("invalid UTF-8 as a name", "POST", "/fz", concat("{\"", r, "\":\"x\"}")));
            inputs.add(new Input("invalid UTF-8 in a registration", "POST", "/registrations",
                    concat("{\"deviceId\":\"", r, "\",\"os\":\"ANDROID\",\"deviceToken\":\"fuzz-token:APA91b_0000\"}")));
        }
        inputs.add(new Input("UTF-16 body", "POST", "/fz", "{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_16)));
        inputs.add(new Input("UTF-32 body", "POST", "/fz", "{\"message\":\"x\"}".getBytes(java.nio.charset.Charset.forName("UTF-32"))));
    }

    /** SQL, and tricks around the query language, in segmentQuery: each must fail to parse. */
    private void segmentQueryInjection() {
        String[] queries = {
                "' OR '1'='1", "1=1", "os = 'IOS' OR 1=1", "os = 'IOS'; DROP TABLE template.device; --",
                "os = 'IOS' -- comment", "os = 'IOS' /* c */", "os = 'IOS' UNION SELECT token FROM template.device",
                "deviceToken = 'x'", "token LIKE '%'", "os = (SELECT os FROM template.device LIMIT 1)",
                "os = 'IOS' AND pg_sleep(10) IS NULL", "os = pg_sleep(10)", "pg_sleep(10)", "os = 'IOS''", "os = \"IOS",
                "os = 'IOS' AND", "AND os = 'IOS'", "os == 'IOS'", "os = IOS", "os ~ 'I.*'", "os = 'IOS' || 'x'",
                "app_id = 'other'", "appId = 'other'", "template.device.os = 'IOS'", "properties.x.y = '1'",
                "properties. = '1'", "properties.1x = '1'", "os = 'IOS' ORDER BY 1", "os = 'IOS' LIMIT 1", "os IN ()",
                "os IN ('IOS'", "os IN (SELECT 1)", "os = $1", "os = ?", "os = :os", "os = 'IOS' \\", "os = E'\\x27'",
                "os = 'IOS' AND registeredAt > 'yesterday'", "registeredAt > 99999999999999999999",
                "registeredAt > -1", "osVersion >= 12 OR TRUE", "NOT", "()", ")(", "os = 'IOS')",
                "os = '${jndi:ldap://127.0.0.1/a}' OR", "{Users.password} = 'x'", "os = 'IOS' AND {Devices.token} = 'x'",
                "os = 'IOS'\u0000", "os\u00a0= 'IOS' AND", "ＯＳ = 'IOS'", "os = 'IOS' ; ",
        };
        for (String q : queries) {
            publish("segmentQuery injection", "{\"message\":\"x\",\"segmentQuery\":" + jsonString(q) + "}");
        }
    }

    /** Channel names and ids with characters no channel or id may have, percent-encoded as a client would send them. */
    private void hostilePaths() {
        String[] channels = {"a b", "news'", "news\"", "news;drop", "news%00", "'; DROP TABLE x; --", "$(whoami)", "`id`",
                "{Users.x}", "${jndi:x}", "ニュース", "news\u202e", "news\u200b", "a".repeat(256), "news/../admin",
                "news\r\nX-Injected: 1", "<script>", "news?x=1", "news#frag", "*", "news*", "news,other"};
        for (String c : channels) {
            inputs.add(new Input("hostile channel name", "POST", "/" + encode(c), "{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        }
        for (String raw : List.of("/..", "/.", "/%2e%2e", "/%2E", "/news;x=1", "/news%3Bx", "/news%5C..", "/%C0%AE%C0%AE",
                "/news%FF", "/news%0A", "/" + "x".repeat(3000))) {
            inputs.add(new Input("hostile path", "POST", raw, "{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        }
        for (String verb : List.of("PUT", "PATCH")) {
            inputs.add(new Input("method not allowed", verb, "/fz", "{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        }
        for (String q : List.of("?offset=-1", "?limit=0", "?limit=1001", "?limit=99999999999", "?offset=abc", "?outcome=DROP",
                "?status=failed&outcome=FAILED", "?outcome=%27%20OR%201%3D1")) {
            inputs.add(new Input("hostile listing parameters", "GET", "/{message}/deliveries" + q, null));
        }
    }

    private void templateSends() {
        String[] bodies = {
                "[]", "\"x\"", "{\"templateValues\":\"x\"}", "{\"templateValues\":[1]}", "{\"templateValues\":{\"a\":{\"b\":1}}}",
                "{\"templateValues\":{\"a\":[1]}}", "{\"templateValues\":{\"${jndi:ldap://x}\":\"v\"}}",
                "{\"templateValues\":{\"Users.password\":\"v\"}}", "{\"templateValues\":{\"{name}\":\"v\"}}",
                "{\"templateValues\":{\"\":\"v\"}}", "{\"templateValues\":{\"1a\":\"v\"}}",
                "{\"templateValues\":{\"a\":\"" + "v".repeat(1025) + "\"}}", "{\"templateValues\":" + manyValues(101) + "}",
                "{\"templateValues\":{}, \"message\":\"override\"}", "{\"pushSinglecast\":[\"fz-android\"]}",
                "{\"segmentQuery\":\"os = 'IOS'\"}", "{\"publishAt\":\"soon\"}", "{\"repeatEvery\":0}",
                "{\"templateValues\":{\"a\":\"\\ud800\"}}", "{\"templateValues\":{\"a\":1e999}}",
        };
        for (String b : bodies) {
            inputs.add(new Input("hostile template send", "POST", "/push/fz-template", b.getBytes(StandardCharsets.UTF_8)));
        }
        for (String name : List.of("no-such-template", "fz-template'", "fz-template%00", "{Users.x}", "../fz-template", "%2e%2e")) {
            inputs.add(new Input("unknown template", "POST", "/push/" + (name.contains("%") ? name : encode(name)),
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void registrations() {
        String ok = "\"deviceId\":\"fz-new\",\"os\":\"ANDROID\",\"deviceToken\":\"fuzz-token:APA91b_0001\"";
        String[] bodies = {
                "{}", "{\"deviceId\":\"fz-new\"}", "{\"deviceId\":\"fz-new\",\"os\":\"ANDROID\"}",
                "{\"deviceId\":\"fz-new\",\"os\":\"PALM\",\"deviceToken\":\"fuzz-token:APA91b_0001\"}",
                "{\"deviceId\":\"fz-new\",\"os\":\"IOS\",\"deviceToken\":\"not-hex\"}",
                "{\"deviceId\":\"fz-new\",\"os\":\"IOS\",\"deviceToken\":\"" + "a".repeat(63) + "\"}",
                "{\"deviceId\":\"fz-new\",\"os\":\"ANDROID\",\"deviceToken\":\"short\"}",
                "{\"deviceId\":\"fz-new\",\"os\":\"ANDROID\",\"deviceToken\":\"token with spaces and ' quotes\"}",
                "{\"deviceId\":\"fz-new\",\"os\":\"ANDROID\",\"deviceToken\":\"" + "t".repeat(4097) + "\"}",
                "{\"deviceId\":\"\",\"os\":\"ANDROID\",\"deviceToken\":\"fuzz-token:APA91b_0001\"}",
                "{\"deviceId\":\"" + "d".repeat(256) + "\",\"os\":\"ANDROID\",\"deviceToken\":\"fuzz-token:APA91b_0001\"}",
                "{\"deviceId\":42,\"os\":\"ANDROID\",\"deviceToken\":\"fuzz-token:APA91b_0001\"}",
                "{" + ok + ",\"channels\":\"news\"}", "{" + ok + ",\"channels\":[42]}", "{" + ok + ",\"channels\":[\"bad name\"]}",
                "{" + ok + ",\"channels\":[\"'; DROP TABLE x; --\"]}", "{" + ok + ",\"channels\":" + manyIds(101) + "}",
                "{" + ok + ",\"expiration\":\"later\"}", "{" + ok + ",\"expiration\":-1}", "{" + ok + ",\"expiration\":1000}",
                "{" + ok + ",\"expiration\":1e400}", "{" + ok + ",\"expiration\":99999999999999999}",
                "{" + ok + ",\"osVersion\":\"" + "9".repeat(65) + "\"}", "{" + ok + ",\"osVersion\":12}",
                "{" + ok + ",\"userId\":\"\"}", "{" + ok + ",\"userId\":{\"id\":1}}", "{" + ok + ",\"userId\":\"" + "u".repeat(256) + "\"}",
                "{" + ok + ",\"properties\":\"x\"}", "{" + ok + ",\"properties\":{\"a\":{\"b\":1}}}", "{" + ok + ",\"properties\":" + manyValues(51) + "}",
                "{" + ok + ",\"properties\":{\"a\":[1]}}",
        };
        for (String b : bodies) {
            inputs.add(new Input("hostile registration", "POST", "/registrations", b.getBytes(StandardCharsets.UTF_8)));
        }
        String valid = "{" + ok + ",\"channels\":[\"fz\"]}";
        for (int cut = 0; cut < valid.length() - 1; cut += 2) {
            inputs.add(new Input("truncated registration", "POST", "/registrations", valid.substring(0, cut).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Admin calls with templates and users that must not be stored: placeholders that would run code, bad looks. */
    private void templatesAndUsers() {
        // braces that are no placeholder are text (SmartTextTest); these look like one and are not
        String[] messages = {"{System.getenv}", "{Env.HOME}", "{Orders.total}", "{" + "n".repeat(65) + "}",
                "{Users." + "p".repeat(65) + "}", "{Devices." + "p".repeat(65) + "|x}"};
        for (String m : messages) {
            inputs.add(new Input("template injection", "POST", "/admin/templates", ("{\"name\":\"fz-bad-" + inputs.size() + "\",\"content\":{\"message\":"
                    + jsonString(m) + "},\"audience\":{\"channel\":\"fz\"}}").getBytes(StandardCharsets.UTF_8)));
        }
        String[] templates = {
                "{\"name\":\"fz-bad\"}", "{\"name\":\"\",\"content\":{\"message\":\"x\"}}", "{\"name\":42,\"content\":{\"message\":\"x\"}}",
                "{\"name\":\"fz-bad\",\"content\":{\"message\":\"x\"},\"audience\":{\"segmentQuery\":\"1=1\"}}",
                "{\"name\":\"fz-bad\",\"content\":{\"message\":\"x\"},\"android\":{\"color\":\"red; drop\"}}",
                "{\"name\":\"fz-bad\",\"content\":{\"message\":\"x\"},\"ios\":{\"attachmentUrl\":\"javascript:alert(1)\"}}",
                "{\"name\":\"fz-bad\",\"content\":{\"message\":\"x\"},\"ios\":{\"attachmentUrl\":\"file:///etc/passwd\"}}",
                "{\"name\":\"fz-bad\",\"content\":{\"message\":\"x\"},\"delivery\":{\"collapseKey\":\"a\\r\\nb\"}}",
                "{\"name\":\"fz-bad\",\"content\":{\"message\":\"x\"},\"delivery\":{\"ttlSeconds\":-1}}",
                "{\"name\":\"fz-bad\",\"content\":{\"message\":\"x\"},\"unknown\":1}",
                "{\"name\":\"fz-bad\",\"content\":{\"message\":\"" + "x".repeat(4097) + "\"}}",
        };
        for (String t : templates) {
            // each under a name of its own, so none is refused only because an earlier one was stored
            t = t.replace("fz-bad", "fz-bad-" + inputs.size());
            inputs.add(new Input("hostile template", "POST", "/admin/templates", t.getBytes(StandardCharsets.UTF_8)));
        }
        String[] users = {"\"x\"", "[]", "{\"a\":{\"b\":1}}", "{\"a\":[1]}", manyValues(101), "{\"a\":1e999}"};
        for (String u : users) {
            inputs.add(new Input("hostile user", "PUT", "/admin/users/fz-user", u.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Random JSON values of the kinds a field cannot take, in an otherwise valid publish. */
    private void typeConfusion(int n) {
        // field -> the JSON kinds it refuses (message takes any value but null)
        Map<String, String> refuses = new java.util.LinkedHashMap<>();
        refuses.put("headers", "array number string boolean");
        refuses.put("publishPolicy", "array object number boolean");
        refuses.put("pushPolicy", "array object number boolean");
        refuses.put("pushBroadcast", "array object boolean");
        refuses.put("pushSinglecast", "object number string boolean");
        refuses.put("segmentQuery", "array object number boolean");
        refuses.put("publishAt", "array object boolean");
        refuses.put("repeatEvery", "array object boolean string");
        refuses.put("publisherId", "array object");
        List<String> fields = new ArrayList<>(refuses.keySet());
        for (int i = 0; i < n; i++) {
            String field = fields.get(random.nextInt(fields.size()));
            String[] kinds = refuses.get(field).split(" ");
            String kind = kinds[random.nextInt(kinds.length)];
            publish("wrong type for " + field, "{\"message\":\"fuzz\",\"" + field + "\":" + randomJson(kind, 3) + "}");
        }
        // strings no enumeration knows
        for (int i = 0; i < n / 8; i++) {
            String word = randomText(1 + random.nextInt(20));
            if (!word.matches("(?i)\\s*(push|pubsub|both|only|also)\\s*")) {
                publish("unknown publishPolicy", "{\"message\":\"x\",\"publishPolicy\":" + jsonString(word) + "}");
            }
        }
    }

    /** Random text as a channel name; kept only when no channel may have that name. */
    private void randomChannels(int n) {
        for (int i = 0; i < n; i++) {
            String name = randomText(1 + random.nextInt(i % 10 == 0 ? 400 : 30));
            if (!name.matches("[A-Za-z0-9_.:\\-]{1,255}")) {
                inputs.add(new Input("random channel name", "POST", "/" + encode(name), "{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Random soups of the query language's words; kept only when Tidings' own parser refuses them. */
    private void randomSegmentQueries(int n) {
        String[] words = {"os", "osVersion", "deviceId", "channel", "registeredAt", "properties.tier", "token", "app_id",
                "=", "!=", "<>", ">=", "<", "LIKE", "IN", "NOT", "AND", "OR", "IS", "NULL", "(", ")", ",", "'IOS'", "'%'",
                "'12'", "12", "1.5", "-1", "'", "\"", ";", "--", "/*", "SELECT", "DROP", "UNION", "*", "TRUE", "$1", "?"};
        int kept = 0;
        while (kept < n) {
            StringBuilder q = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                q.append(j == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            try {
                dev.tidings.contracts.segment.SegmentQueryParser.parse(q.toString());
            } catch (dev.tidings.contracts.segment.SegmentQueryParser.InvalidQueryException refused) {
                publish("random segmentQuery", "{\"message\":\"x\",\"segmentQuery\":" + jsonString(q.toString()) + "}");
                kept++;
            }
        }
    }

    private String randomJson(String kind, int depth) {
        return switch (kind) {
            case "number" -> switch (random.nextInt(4)) {
                case 0 -> String.valueOf(random.nextInt());
                case 1 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40)));
                case 2 -> String.valueOf(random.nextLong());
                default -> "-0";
            };
            case "string" -> jsonString(randomText(random.nextInt(40)));
            case "boolean" -> String.valueOf(random.nextBoolean());
            case "array" -> {
                StringBuilder s = new StringBuilder("[");
                int size = depth == 0 ? 0 : random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    s.append(i == 0 ? "" : ",").append(randomJson(anyKind(), depth - 1));
                }
                yield s.append(']').toString();
            }
            default -> {
                StringBuilder s = new StringBuilder("{");
                int size = depth == 0 ? 0 : 1 + random.nextInt(3);
                for (int i = 0; i < size; i++) {
                    s.append(i == 0 ? "" : ",").append(jsonString("k" + i + randomText(3)))
                            .append(':').append(randomJson(i == 0 ? "object" : anyKind(), depth - 1));
                }
                yield s.append('}').toString();
            }
        };
    }

    private String anyKind() {
        return List.of("number", "string", "boolean", "array", "object", "null").get(random.nextInt(6)).replace("null", "boolean");
    }

    private static final String PUNCTUATION = "'\"\\;{}%$<>`|";

    /** Random characters: ASCII, Latin, CJK, emoji, controls, quotes and format characters. */
    private String randomText(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> s.append((char) (0x20 + random.nextInt(0x5f)));
                case 1 -> s.append((char) (0xa0 + random.nextInt(0x160)));
                case 2 -> s.append((char) (0x4e00 + random.nextInt(0x1000)));
                case 3 -> s.appendCodePoint(0x1f600 + random.nextInt(0x50));
                case 4 -> s.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                default -> s.append((char) (1 + random.nextInt(0x1f)));
            }
        }
        return s.toString();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void publish(String kind, String body) {
        inputs.add(new Input(kind, "POST", "/fz", body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String manyHeaders(int n) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append("\"h").append(i).append("\":\"v\"");
        }
        return s.append('}').toString();
    }

    private static String manyValues(int n) {
        return manyHeaders(n).replace("\"h", "\"k");
    }

    private static String manyIds(int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append("\"d").append(i).append('"');
        }
        return s.append(']').toString();
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    private static String jsonString(String s) {
        return dev.tidings.contracts.Json.MAPPER.getNodeFactory().textNode(s).toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "... (" + s.length() + " characters)";
    }
}
