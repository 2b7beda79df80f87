package dev.glossary.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.client.ApiClient;
import dev.glossary.client.ApiException;
import dev.glossary.client.api.ChangesApi;
import dev.glossary.client.api.ChangesApi.APIListChangesRequest;
import dev.glossary.client.api.TermsApi;
import dev.glossary.client.api.TermsApi.APIGetTermRequest;
import dev.glossary.client.api.TermsApi.APIListTermsRequest;
import dev.glossary.client.model.Change;
import dev.glossary.client.model.ChangeFeedPage;
import dev.glossary.client.model.Problem;
import dev.glossary.client.model.Term;
import dev.glossary.client.model.TermSummary;
import dev.glossary.client.model.TermSummaryPage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Uses the client openapi-generator made from the served spec (java, native library, untouched) the
 * way a partner would, against a running service holding the seed data (glossary.base-url).
 */
class GeneratedClientTest {

    private static final ApiClient CLIENT = new ApiClient();

    static {
        CLIENT.updateBaseUri(System.getProperty("glossary.base-url"));
    }

    private final TermsApi terms = new TermsApi(CLIENT);

    @Test
    void termHasTypedFields() throws ApiException {
        Term term = terms.getTerm(APIGetTermRequest.newBuilder().slug("transfer-learning").build());

        assertEquals("Transfer Learning", term.getName());
        assertEquals("transfer-learning", term.getSlug());
        List<TermSummary> related = term.getRelatedTerms();
        assertEquals(6, related.size());
        related.forEach(r -> assertFalse(r.getShortDefinition().isBlank(), r.getSlug()));
        report("term " + term.getSlug() + " r" + term.getRevision() + ", " + related.size() + " related terms");
    }

    @Test
    void pageHasTotalItems() throws ApiException {
        TermSummaryPage page = terms.listTerms(APIListTermsRequest.newBuilder().page(0).size(3).build());

        // longValue(): the test holds whether the spec types the counts int32 or int64.
        assertEquals(7, page.getTotalItems().longValue());
        assertEquals(3, page.getTotalPages().longValue());
        assertEquals(3, page.getItems().size());
        report("page 1 of " + page.getTotalPages() + ": " + page.getItems().size() + " of " + page.getTotalItems() + " terms");
    }

    @Test
    void changesWalkToTheEnd() throws ApiException {
        ChangesApi changes = new ChangesApi(CLIENT);
        List<Change> seen = new ArrayList<>();
        String cursor = null;
        int requests = 0;
        ChangeFeedPage page;
        do {
            page = changes.listChanges(APIListChangesRequest.newBuilder().cursor(cursor).limit(2).build());
            seen.addAll(page.getChanges());
            assertNotNull(page.getNextCursor(), "nextCursor is never null");
            cursor = page.getNextCursor();
            requests++;
        } while (page.getHasMore() && requests < 1000);

        assertFalse(page.getHasMore(), "the walk reaches the end");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i - 1).getSeq() < seen.get(i).getSeq(), "seq rises along the feed");
        }
        report("changes walked to the end: " + seen.size() + " changes in " + requests + " requests");
    }

    @Test
    void unknownSlugIsAProblem() throws Exception {
        APIGetTermRequest unknown = APIGetTermRequest.newBuilder().slug("quantum-llama").build();
        ApiException e = assertThrows(ApiException.class, () -> terms.getTerm(unknown));
        Problem problem = CLIENT.getObjectMapper().readValue(e.getResponseBody(), Problem.class);

        assertEquals(404, e.getCode());
        assertEquals(404, problem.getStatus().longValue());
        assertTrue(problem.getType().toString().endsWith("/problems/not-found"), problem.getType().toString());
        report("404 problem " + problem.getType() + ": " + problem.getDetail());
    }

    private static void report(String line) {
        System.out.println("java client: " + line);
    }
}
