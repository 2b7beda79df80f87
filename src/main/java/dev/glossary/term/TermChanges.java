package dev.glossary.term;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** Tells every instance which cached answers a write changed: NOTIFY of its slugs at commit (empty: everything). */
@ApplicationScoped
public class TermChanges {

    @Inject TermRepository terms;
    @Inject Event<TermsChanged> events;
    @Inject TermCacheConfig config;

    /** A write changed the documents of these terms and freed these slugs (deleted, renamed, removed aliases). */
    void announce(Collection<Long> changedTermIds, Collection<String> freedSlugs) {
        Set<String> slugs = new TreeSet<>(freedSlugs);
        slugs.addAll(terms.slugsAndAliasesOf(changedTermIds));
        terms.notifyChange(config.channel(), payload(slugs));
        events.fire(new TermsChanged(Set.copyOf(slugs)));
    }

    public static String payload(Set<String> slugs) {
        String payload = String.join(" ", slugs);
        return payload.getBytes(StandardCharsets.UTF_8).length < 7_900 ? payload : ""; // PostgreSQL refuses 8000 bytes or more
    }

    /** The slugs a payload names, or null when it means every cached answer. */
    public static Set<String> slugsOf(String payload) {
        return payload == null || payload.isBlank() ? null : Set.copyOf(Arrays.asList(payload.trim().split(" +")));
    }
}
