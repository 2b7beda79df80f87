package dev.glossary.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile and boundary values, drawn from jqwik arbitraries with the caller's seeded Random so that
 * a run is reproduced by its seed alone.
 */
final class FuzzValues {

    /** Words the leak check looks for: generated input never contains them, so an answer that does leaked it. */
    static final List<String> LEAK_MARKERS = List.of("Exception", "at dev.", "at io.", "SQL", "org.hibernate", "jakarta.");

    private static final List<String> NASTY = List.of(
            "", " ", "\t", "\n", "\r\n", "\u0000", "a\u0000b", "\u0007", "\u007f",
            "'", "\"", "`", ";", "--", "/*", "*/", "%", "%%", "_", "\\", "\\\\'", "''", "' OR '1'='1", "1' OR 1=1 --",
            "\"; DROP TABLE term; --", "1; SELECT pg_sleep(5)--", "') UNION ALL SELECT NULL--", "$$", "E'\\x00'",
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "..%2f..%2f", "%2e%2e%2f", "/", "//", "?", "#", "&", "=",
            "😀", "👩‍👩‍👧‍👦", "\u202Egnp.exe", "\u200F\u05E9\u05DC\u05D5\u05DD", "مرحبا", "e\u0301\u0301\u0301",
            "Z\u0364\u0351\u0313\u0353\u034e", "\uFEFF", "\uFFFD", "\uFFFF", "\uD83D", "\uDE00x", "Ω≈ç√∫", "ß", "İ", "ǅ",
            "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "%s%s%s%n", "null", "true", "false",
            "undefined", "NaN", "Infinity", "-Infinity", "0", "-0", "-1", "1.5", "1e309", "0x1F", "2147483647",
            "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999999999", "[]", "{}", "[",
            "{\"a\":", "A", "#", "a-b", "-", "a--b", "A-B", "name", "-updatedAt", "relevance");

    private static final Arbitrary<String> STRINGS = Arbitraries.oneOf(
            Arbitraries.of(NASTY),
            Arbitraries.strings().all().ofMaxLength(40),
            Arbitraries.strings().ascii().ofMaxLength(40),
            Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(5),
            Arbitraries.strings().withCharRange('\u0590', '\u06ff').ofMinLength(1).ofMaxLength(20),
            Arbitraries.strings().withChars("'\";-/*%_\\").ofMinLength(1).ofMaxLength(12),
            Arbitraries.strings().alpha().ofLength(10_000),
            Arbitraries.strings().all().ofLength(201),
            Arbitraries.strings().withChars("a-").ofMinLength(99).ofMaxLength(102));

    private static final Arbitrary<Object> NUMBERS = Arbitraries.oneOf(
            Arbitraries.integers().map(Object.class::cast),
            Arbitraries.longs().map(Object.class::cast),
            Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)).map(Object.class::cast),
            Arbitraries.doubles().map(Object.class::cast),
            Arbitraries.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, -0.0, 1e308,
                    new BigInteger("123456789012345678901234567890123456789")).map(Object.class::cast));

    private final Random random;

    FuzzValues(Random random) {
        this.random = random;
    }

    Random random() {
        return random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A hostile string that never holds a leak marker. */
    String string() {
        for (;;) {
            String value = STRINGS.generator(1000).next(random).value();
            if (LEAK_MARKERS.stream().noneMatch(value::contains)) {
                return value;
            }
        }
    }

    Object number() {
        return NUMBERS.generator(1000).next(random).value();
    }

    String numberText() {
        return String.valueOf(number());
    }

    /** Any JSON value a field should not hold: wrong types, nulls, deep nesting, hostile text. */
    Object jsonValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 4 : 8)) {
            case 0 -> string();
            case 1 -> number();
            case 2 -> null;
            case 3 -> random.nextBoolean();
            case 4 -> numberText();
            case 5 -> List.of(string(), number());
            case 6 -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    items.add(jsonValue(depth + 1));
                }
                yield items;
            }
            default -> {
                Map<String, Object> nested = new LinkedHashMap<>();
                nested.put(random.nextBoolean() ? "name" : string(), jsonValue(depth + 1));
                yield nested;
            }
        };
    }

    /** A value for a parameter whose declared type is unknown or ignored. */
    String parameterText() {
        return random.nextInt(4) == 0 ? numberText() : string();
    }

    String token() {
        return UUID.nameUUIDFromBytes(Long.toString(random.nextLong()).getBytes()).toString().substring(0, 8);
    }
}
