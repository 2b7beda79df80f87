package dev.glossary.security;

/** The two roles of the API. Admins may do everything editors may, plus manage subscribers. */
public final class Roles {

    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
