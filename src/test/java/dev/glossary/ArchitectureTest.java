package dev.glossary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering that docs/architecture.md states, checked on the compiled main classes. */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.glossary");
    }

    @Test
    void shouldOnlyDependOnLowerLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Features").definedBy("dev.glossary.term..", "dev.glossary.subscriber..",
                        "dev.glossary.newsletter..", "dev.glossary.webhook..")
                .layer("Services").definedBy("dev.glossary.mail..", "dev.glossary.outbox..", "dev.glossary.security..")
                .layer("Web").definedBy("dev.glossary.web..")
                .layer("Common").definedBy("dev.glossary.common..", "dev.glossary.config..")
                .whereLayer("Features").mayOnlyBeAccessedByLayers("Features")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Features")
                .whereLayer("Web").mayOnlyBeAccessedByLayers("Features", "Services")
                .check(main);
    }

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        slices().matching("dev.glossary.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void shouldReachOtherFeaturesOnlyThroughTheTermCore() {
        // webhook publishes the feed through term.ChangePublisher; no feature reaches into another's parts.
        noClasses().that().resideInAnyPackage("dev.glossary.subscriber..", "dev.glossary.newsletter..", "dev.glossary.webhook..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.glossary.term.read..", "dev.glossary.term.search..",
                        "dev.glossary.term.history..", "dev.glossary.term.feed..")
                .check(main);
    }

    @Test
    void shouldKeepHttpTypesInTheWebLayer() {
        // Below the web layer nothing speaks HTTP; above it only resources, routes and their docs do.
        noClasses().that().resideInAnyPackage("dev.glossary.common..", "dev.glossary.config..", "dev.glossary.outbox..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx.core.http..", "io.vertx.ext.web..")
                .check(main);
    }

    @Test
    void shouldKeepHttpTypesOutOfRepositories() {
        noClasses().that().haveSimpleNameEndingWith("Repository")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx.core.http..", "io.vertx.ext.web..")
                .check(main);
    }

    @Test
    void shouldOpenNoJdbcConnectionInFeatureCode() {
        // The one exception: a replica read opens a Hibernate session on the replica's connection,
        // since Quarkus attaches an entity to a single persistence unit.
        noClasses().that().doNotHaveFullyQualifiedName("dev.glossary.term.read.ReadReplica")
                .should().callMethodWhere(DescribedPredicate.describe("getConnection() on a DataSource",
                        (JavaMethodCall call) -> call.getName().equals("getConnection")
                                && call.getTargetOwner().isAssignableTo(DataSource.class)))
                .check(main);
    }
}
