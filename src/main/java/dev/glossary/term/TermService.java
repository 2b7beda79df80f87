package dev.glossary.term;

import dev.glossary.common.Slugs;
import dev.glossary.common.Transactions;
import dev.glossary.web.ETags;
import dev.glossary.web.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The glossary's rules, applied by its writes (free slugs and names, symmetric relations, If-Match); each announces what
 * it changed. Each write is one transaction, run again when it loses a deadlock to another editor's write.
 */
@ApplicationScoped
public class TermService {

    @Inject TermRepository terms;
    @Inject TermChanges changes;
    @Inject SecurityIdentity identity;

    public TermDocument create(TermRequest request) {
        String slug = request.slug() != null ? request.slug() : Slugs.fromName(request.name().strip());
        if (slug.isEmpty()) {
            throw ProblemException.invalidField("slug", "cannot be derived from this name (no latin letters or digits); give one");
        }
        return Transactions.retryingConflicts(() -> save(new Term(), slug, request));
    }

    public TermDocument replace(String slug, TermRequest request, String ifMatch) {
        return Transactions.retryingConflicts(() -> {
            Term term = existing(slug, ifMatch);
            return save(term, request.slug() != null ? request.slug() : term.slug, request);
        });
    }

    /** Writes a new term (no id yet) or an existing one as the request describes it. */
    private TermDocument save(Term term, String newSlug, TermRequest request) {
        signRevisions();
        boolean created = term.id == null;
        boolean renamed = !created && !newSlug.equals(term.slug);
        if (created || renamed) {
            ensureSlugFree(newSlug, term.id);
        }
        String name = request.name().strip();
        if (terms.nameTaken(name, term.id)) {
            throw ProblemException.conflict("A term named '" + name + "' already exists");
        }
        List<String> wantedAliases = new ArrayList<>(Objects.requireNonNullElse(request.aliases(), List.of()));
        if (renamed) {
            wantedAliases.add(term.slug); // old links keep working through a 301
        }
        Set<String> aliases = aliases(wantedAliases, newSlug, term.id);
        Set<Long> related = resolveRelated(Objects.requireNonNullElse(request.relatedSlugs(), List.of()), newSlug, term.id);

        List<String> existingAliases = created ? List.of() : terms.aliasesOf(term.id);
        List<Long> formerlyRelated = created ? List.of() : terms.relatedIds(term.id);
        Set<String> freedSlugs = new HashSet<>(existingAliases);
        freedSlugs.removeAll(aliases);
        terms.removeAliases(term.id, freedSlugs);
        if (renamed) {
            freedSlugs.add(term.slug);
        }
        apply(term, request, name, newSlug);
        terms.persistAndFlush(term);
        aliases.stream().filter(alias -> !existingAliases.contains(alias))
                .forEach(alias -> terms.addAlias(alias, term.id));
        replaceRelations(term.id, formerlyRelated, related);
        // Neighbours old and new: what their related lists show of this term may have changed.
        Set<Long> changed = new HashSet<>(formerlyRelated);
        changed.addAll(related);
        changed.add(term.id);
        changes.announce(changed, freedSlugs);
        return terms.documentOf(term.id);
    }

    public void delete(String slug, String ifMatch) {
        Transactions.retryingConflicts(() -> {
            signRevisions();
            Term term = existing(slug, ifMatch);
            List<Long> related = terms.relatedIds(term.id);
            List<String> freedSlugs = new ArrayList<>(terms.aliasesOf(term.id));
            freedSlugs.add(term.slug);
            terms.delete(term);
            terms.touch(related);
            changes.announce(related, freedSlugs);
        });
    }

    public void relate(String slug, String otherSlug) {
        Transactions.retryingConflicts(() -> changeRelation(slug, otherSlug, terms::relate));
    }

    public void unrelate(String slug, String otherSlug) {
        Transactions.retryingConflicts(() -> changeRelation(slug, otherSlug, terms::unrelate));
    }

    /** Revisions this transaction makes name the editor (read by the triggers of migration V9). */
    private void signRevisions() {
        terms.actAs(identity.isAnonymous() ? null : identity.getPrincipal().getName());
    }

    /** Idempotent: only a change that did something touches the pair and is announced. */
    private void changeRelation(String slug, String otherSlug, BiPredicate<Long, Long> change) {
        signRevisions();
        long[] pair = pair(slug, otherSlug);
        if (change.test(pair[0], pair[1])) {
            List<Long> both = List.of(pair[0], pair[1]);
            terms.touch(both);
            changes.announce(both, List.of());
        }
    }

    /** The term of a slug as the client read it (If-Match): 404, naming the canonical slug when it is an alias. */
    private Term existing(String slug, String ifMatch) {
        UnknownTerm.unlessWellFormed(slug);
        Term term = terms.findBySlug(slug).orElseThrow(() -> terms.canonicalSlugOfAlias(slug)
                .map(canonical -> ProblemException.notFound("'" + slug + "' is an alias; change the term at /terms/" + canonical))
                .orElseGet(() -> UnknownTerm.of(slug)));
        if (ifMatch != null && !ETags.matchHits(ifMatch, terms.documentOf(term.id).etag())) {
            throw ProblemException.preconditionFailed("The term has changed since you read it; fetch it again and retry");
        }
        return term;
    }

    private long[] pair(String slug, String otherSlug) {
        if (slug.equals(otherSlug)) {
            throw selfRelation();
        }
        UnknownTerm.unlessWellFormed(slug);
        UnknownTerm.unlessWellFormed(otherSlug);
        Term term = terms.findBySlugOrAlias(slug).orElseThrow(() -> UnknownTerm.of(slug));
        Term other = terms.findBySlugOrAlias(otherSlug).orElseThrow(() -> UnknownTerm.of(otherSlug));
        if (term.id.equals(other.id)) {
            throw selfRelation();
        }
        return new long[] {term.id, other.id};
    }

    private void replaceRelations(long termId, List<Long> current, Set<Long> wanted) {
        Set<Long> changed = new HashSet<>();
        for (Long old : current) {
            if (!wanted.contains(old) && terms.unrelate(termId, old)) {
                changed.add(old);
            }
        }
        for (Long added : wanted) {
            if (!current.contains(added) && terms.relate(termId, added)) {
                changed.add(added);
            }
        }
        terms.touch(changed);
    }

    private static void apply(Term term, TermRequest request, String name, String slug) {
        term.slug = slug;
        term.name = name;
        term.shortDefinition = request.shortDefinition().strip();
        term.description = request.description() == null ? "" : request.description().strip();
        term.exploreUrl = request.exploreUrl();
    }

    private void ensureSlugFree(String slug, Long termId) {
        if (terms.slugTaken(slug, termId)) {
            throw ProblemException.conflict("The slug '" + slug + "' is already taken");
        }
    }

    private Set<String> aliases(List<String> wanted, String slug, Long termId) {
        Set<String> aliases = new LinkedHashSet<>(wanted);
        aliases.remove(slug);
        for (String alias : aliases) {
            ensureSlugFree(alias, termId);
        }
        return aliases;
    }

    /** Related slugs (or aliases) to term ids; the term itself is refused, unknown slugs are a 422. */
    private Set<Long> resolveRelated(List<String> slugs, String ownSlug, Long termId) {
        Set<Long> related = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String slug : new LinkedHashSet<>(slugs)) {
            if (slug.equals(ownSlug)) {
                throw ProblemException.invalidField("relatedSlugs", "must not contain the term itself");
            }
            terms.findBySlugOrAlias(slug).ifPresentOrElse(other -> {
                if (other.id.equals(termId)) {
                    throw ProblemException.invalidField("relatedSlugs", "must not contain the term itself");
                }
                related.add(other.id);
            }, () -> unknown.add(slug));
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("No term has the related slug(s): " + String.join(", ", unknown));
        }
        return related;
    }

    private static ProblemException selfRelation() {
        return ProblemException.invalidField("other", "a term cannot be related to itself");
    }
}
