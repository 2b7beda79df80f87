package dev.glossary.support;

import dev.glossary.security.AppUser;
import dev.glossary.security.Roles;
import io.quarkus.runtime.StartupEvent;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * The users tests sign in as, created whenever the test application starts (its schema starts
 * empty), so no test depends on another having run.
 */
@ApplicationScoped
public class TestUsers {

    public static final String EDITOR = "test-editor";
    public static final String ADMIN = "test-admin";
    public static final String PASSWORD = "correct horse battery staple";

    @Transactional
    void onStart(@Observes StartupEvent event) {
        if (!AppUser.exists(EDITOR)) {
            AppUser.create(EDITOR, PASSWORD, Roles.EDITOR).persist();
        }
        if (!AppUser.exists(ADMIN)) {
            AppUser.create(ADMIN, PASSWORD, Roles.ADMIN).persist();
        }
    }

    public static RequestSpecification asEditor() {
        return RestAssured.given().auth().preemptive().basic(EDITOR, PASSWORD);
    }

    public static RequestSpecification asAdmin() {
        return RestAssured.given().auth().preemptive().basic(ADMIN, PASSWORD);
    }
}
