package dev.glossary.newsletter;

import dev.glossary.common.CursorPage;
import dev.glossary.common.CursorSigner;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermRepository;
import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The published data points about a term, newest issue first, by cursor; a cursor is bound to its term. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TermDataPoints {

    static final int PAGE_SIZE = 20;
    private static final String CURSOR_PREFIX = "data-points:";
    /** Later than any issue: where a walk starts. */
    private static final long[] START = {253402214400L, Long.MAX_VALUE, 0};

    @Inject TermRepository terms;
    @Inject DataPointRepository dataPoints;
    @Inject CursorSigner signer;

    SlugLookup<Long> termOf(String slug) {
        return terms.idOf(slug);
    }

    CursorPage<TermDataPoint> page(long termId, String cursor) {
        long[] after = cursor == null || cursor.isEmpty() ? START : after(termId, cursor);
        List<DataPointRepository.Mention> mentions = dataPoints.ofTerm(termId, Instant.ofEpochSecond(after[0]), after[1],
                (int) after[2], PAGE_SIZE + 1);
        boolean more = mentions.size() > PAGE_SIZE;
        List<DataPointRepository.Mention> shown = more ? mentions.subList(0, PAGE_SIZE) : mentions;
        String next = null;
        if (more) {
            DataPointRepository.Mention last = shown.get(PAGE_SIZE - 1);
            next = signer.sign(CURSOR_PREFIX + termId + ":" + last.publishedAt().getEpochSecond() + ":" + last.issueId()
                    + ":" + last.position());
        }
        return new CursorPage<>(shown.stream().map(TermDataPoint::of).toList(), PAGE_SIZE, next);
    }

    private long[] after(long termId, String cursor) {
        String prefix = CURSOR_PREFIX + termId + ":";
        return signer.verify(cursor).filter(payload -> payload.startsWith(prefix))
                .map(payload -> payload.substring(prefix.length()).split(":"))
                .map(parts -> new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])})
                .orElseThrow(() -> ProblemException.invalidField("cursor",
                        "is not a cursor of this term's data points; start again without it"));
    }
}
