package dev.glossary.term;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** Tells every instance which cached answers a write changed: NOTIFY of its slugs at commit (empty: everything). */
@ApplicationScoped
public class TermChanges {

    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    static final int MAX_PAYLOAD_BYTES = 7_900;

    private final TermRepository terms;
    private final Event<TermsChanged> events;
    private final String channel;

    TermChanges(TermRepository terms, Event<TermsChanged> events, TermCacheConfig config) {
        this.terms = terms;
        this.events = events;
        this.channel = config.channel();
    }

    /**
     * Announces a write that changed the documents of these terms (as they are now) and freed these
     * slugs (a deleted term's, a renamed term's old one, removed aliases).
     */
    void announce(Collection<Long> changedTermIds, Collection<String> freedSlugs) {
        Set<String> slugs = new TreeSet<>(freedSlugs);
        slugs.addAll(terms.slugsAndAliasesOf(changedTermIds));
        terms.notifyChange(channel, payload(slugs));
        events.fire(new TermsChanged(Set.copyOf(slugs)));
    }

    public static String payload(Set<String> slugs) {
        String payload = String.join(" ", slugs);
        return payload.getBytes(StandardCharsets.UTF_8).length < MAX_PAYLOAD_BYTES ? payload : "";
    }

    /** The slugs a payload names, or null when it means every cached answer. */
    public static Set<String> slugsOf(String payload) {
        return payload == null || payload.isBlank() ? null : Set.copyOf(Arrays.asList(payload.trim().split(" +")));
    }
}
