package dev.glossary.common;

public final class Texts {

    private Texts() {
    }

    /** An optional field: stripped, and blank means absent. */
    public static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
