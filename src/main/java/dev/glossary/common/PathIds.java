package dev.glossary.common;

import java.util.OptionalLong;

/** Numeric ids taken from a path: anything but a positive number cannot name a row. */
public final class PathIds {

    private PathIds() {
    }

    public static OptionalLong parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 19 || !raw.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(raw);
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) { // 19 digits beyond Long.MAX_VALUE
            return OptionalLong.empty();
        }
    }
}
