package dev.glossary.term.feed;

import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.support.Database;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The webhook sender's way in: publishing committed changes inside its own transaction. */
@QuarkusTest
class ChangeFeedPublishTest {

    @Inject
    ChangeFeed feed;

    @Inject
    Database database;

    @Test
    void shouldGiveCommittedChangesTheirSeqInTheCallersTransaction() {
        String slug = createTerm(uniqueName("Published By Caller"));
        QuarkusTransaction.requiringNew().run(feed::publishCommitted);

        assertEquals(0, database.count("SELECT count(*) FROM term_change WHERE slug = ? AND seq IS NULL", slug));
        assertEquals(1, database.count("SELECT count(*) FROM term_change WHERE slug = ? AND seq IS NOT NULL", slug));
    }

    @Test
    void shouldDoNothingWhenEverythingIsPublished() {
        QuarkusTransaction.requiringNew().run(feed::publishCommitted);
        QuarkusTransaction.requiringNew().run(feed::publishCommitted);
        assertEquals(0, database.count("SELECT count(*) FROM term_change WHERE seq IS NULL"));
    }
}
