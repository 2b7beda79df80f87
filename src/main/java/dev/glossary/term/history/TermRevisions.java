package dev.glossary.term.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.common.CursorPage;
import dev.glossary.common.CursorSigner;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import dev.glossary.term.TermRepository;
import dev.glossary.term.TermRequest;
import dev.glossary.term.TermService;
import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The history PostgreSQL keeps of every term (migration V9). */
@ApplicationScoped
public class TermRevisions {

    static final int PAGE_SIZE = 20;
    private static final String CURSOR_PREFIX = "revisions:";
    private static final String HISTORY = """
            SELECT revision, floor(extract(epoch FROM at))::bigint, author, array_to_string(fields, ' ') FROM term_revision
            WHERE term_id = :term AND revision < :before ORDER BY revision DESC LIMIT :limit
            """;
    private static final String BODY = "SELECT body FROM term_revision WHERE term_id = :term AND revision = :revision";

    @Inject EntityManager entityManager;
    @Inject CursorSigner signer;
    @Inject ObjectMapper json;
    @Inject TermService service;
    @Inject TermRepository terms;

    static ProblemException unknown(String slug, int revision) {
        return ProblemException.notFound("The term '" + slug + "' has no revision " + revision);
    }

    /** The term's internal id, or its canonical slug when {@code slug} is an alias; 404 otherwise. */
    SlugLookup<Long> termOf(String slug) {
        return terms.idOf(slug);
    }

    /** Newest first, {@link #PAGE_SIZE} at a time; the cursor is bound to its term. */
    CursorPage<TermRevision> history(long termId, String cursor) {
        int before = cursor == null || cursor.isEmpty() ? Integer.MAX_VALUE : before(termId, cursor);
        List<?> rows = entityManager.createNativeQuery(HISTORY).setParameter("term", termId)
                .setParameter("before", before).setParameter("limit", PAGE_SIZE + 1).getResultList();
        List<TermRevision> items = rows.stream().map(Object[].class::cast)
                .map(row -> new TermRevision(((Number) row[0]).intValue(), Instant.ofEpochSecond(((Number) row[1]).longValue()),
                        (String) row[2], ((String) row[3]).isEmpty() ? List.of() : Arrays.asList(((String) row[3]).split(" "))))
                .toList();
        boolean more = items.size() > PAGE_SIZE;
        List<TermRevision> shown = more ? items.subList(0, PAGE_SIZE) : items;
        String next = more ? signer.sign(CURSOR_PREFIX + termId + ":" + shown.get(PAGE_SIZE - 1).revision()) : null;
        return new CursorPage<>(List.copyOf(shown), PAGE_SIZE, next);
    }

    private int before(long termId, String cursor) {
        String prefix = CURSOR_PREFIX + termId + ":";
        return signer.verify(cursor).filter(payload -> payload.startsWith(prefix))
                .map(payload -> Integer.parseInt(payload.substring(prefix.length())))
                .orElseThrow(() -> ProblemException.invalidField("cursor",
                        "is not a cursor of this term's revisions; start again without it"));
    }

    /** The Term JSON of a revision, exactly as it was served. */
    Optional<byte[]> body(long termId, int revision) {
        return entityManager.createNativeQuery(BODY).setParameter("term", termId).setParameter("revision", revision)
                .getResultList().stream().findFirst().map(byte[].class::cast);
    }

    /** A new revision with the content of an old one: the related terms that still exist, the slug and aliases as they are. */
    @Transactional
    TermDocument restore(long termId, String slug, int revision) {
        JsonNode old = body(termId, revision).map(this::parse).orElseThrow(() -> unknown(slug, revision));
        List<String> related = new ArrayList<>();
        old.path("relatedTerms").forEach(other -> related.add(other.path("slug").asText()));
        related.removeIf(other -> terms.findBySlugOrAlias(other).filter(found -> found.id != termId).isEmpty());
        JsonNode url = old.path("exploreUrl");
        return service.replace(slug, new TermRequest(old.path("name").asText(), old.path("shortDefinition").asText(), null,
                old.path("description").asText(), url.isNull() ? null : url.asText(), terms.aliasesOf(termId), related), null);
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored revision is not JSON", e);
        }
    }
}
