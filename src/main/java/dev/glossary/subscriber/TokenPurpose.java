package dev.glossary.subscriber;

/** A token does one thing: a confirmation token cannot unsubscribe, nor the other way round. */
enum TokenPurpose {
    CONFIRM("confirm"),
    UNSUBSCRIBE("unsubscribe");

    private final String value;

    TokenPurpose(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }
}
