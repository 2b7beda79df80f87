package dev.glossary.common;

/** Query parameters read as text and checked here, so every bad value is a 400 naming the parameter. */
public final class QueryParams {

    private QueryParams() {
    }

    public static int integer(String name, String raw, int defaultValue, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw ProblemException.invalidField(name, "must be a whole number from " + min + " to " + max);
    }
}
