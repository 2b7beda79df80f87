package dev.glossary.term.read;

import dev.glossary.common.Slugs;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import dev.glossary.term.TermRepository;
import dev.glossary.term.TermSummary;
import dev.glossary.term.UnknownTerm;
import dev.glossary.term.read.TermReadCache.DocumentKey;
import dev.glossary.term.read.TermReadCache.SlugKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reads of one term (its document, its related terms) through the cache; a miss loads where {@link ReadReplica} says. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TermReads {

    @Inject TermRepository terms;
    @Inject TermDocuments documents;
    @Inject TermReadCache cache;
    @Inject TermJsonLd jsonLd;
    @Inject ReadReplica replica;

    /** The document in a representation, or where an alias points, without blocking; each representation loads on its own. */
    public CompletionStage<SlugLookup<TermDocument>> document(String slug, TermRepresentation representation,
            boolean mayUseReplica) {
        if (!Slugs.isValid(slug)) {
            return CompletableFuture.failedFuture(UnknownTerm.of(slug));
        }
        return cache.getAsync(new DocumentKey(slug, representation),
                () -> documents.bySlug(slug, mayUseReplica).thenApply(json -> jsonLd.as(representation, json)));
    }

    /** The document if memory holds it, else null: a hit is answered without a future. */
    public SlugLookup<TermDocument> cached(String slug, TermRepresentation representation) {
        return cache.peek(new DocumentKey(slug, representation));
    }

    public SlugLookup<List<TermSummary>> related(String slug, boolean mayUseReplica) {
        UnknownTerm.unlessWellFormed(slug);
        return cache.get(new RelatedKey(slug), () -> replica.read(mayUseReplica, () -> loadRelated(slug)));
    }

    private SlugLookup<List<TermSummary>> loadRelated(String slug) {
        var term = terms.findBySlug(slug);
        if (term.isPresent()) {
            return new SlugLookup.Found<>(terms.relatedTo(term.get().id));
        }
        return terms.canonicalSlugOfAlias(slug).<SlugLookup<List<TermSummary>>>map(SlugLookup.Moved::new)
                .orElseThrow(() -> UnknownTerm.of(slug));
    }

    private record RelatedKey(String slug) implements SlugKey {
    }
}
