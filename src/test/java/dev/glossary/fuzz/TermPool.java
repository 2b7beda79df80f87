package dev.glossary.fuzz;

import static dev.glossary.support.TestUsers.asEditor;

import dev.glossary.support.TermFixtures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The terms the fuzzer may change: only ones it created itself. Seeded terms are read, never written,
 * so that other tests keep the glossary they expect.
 */
final class TermPool {

    static final List<String> SEEDED = List.of("transfer-learning", "chatgpt", "agi", "fine-tuning");
    private static final int SIZE = 4;

    private final List<String> own = new ArrayList<>();
    private final Set<String> everCreated = new LinkedHashSet<>();

    TermPool() {
        while (own.size() < SIZE) {
            replenish();
        }
    }

    String own(FuzzValues values) {
        return values.pick(own);
    }

    /** Reads may also hit the seeded terms and an alias of one, for 200s and 301s. */
    String readable(FuzzValues values) {
        return values.chance(0.5) ? values.pick(SEEDED) : own(values);
    }

    boolean isOwn(String slug) {
        return everCreated.contains(slug);
    }

    void created(String slug) {
        everCreated.add(slug);
    }

    void renamed(String oldSlug, String newSlug) {
        everCreated.add(newSlug);
        own.replaceAll(slug -> slug.equals(oldSlug) ? newSlug : slug);
    }

    void deleted(String slug) {
        if (own.remove(slug)) {
            replenish();
        }
    }

    /** Deletes whatever the run created; a term already gone or renamed away is a 404 and fine. */
    void deleteAll() {
        for (String slug : everCreated) {
            asEditor().delete("/terms/" + slug);
        }
    }

    private void replenish() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Fuzz Target"));
        own.add(slug);
        everCreated.add(slug);
    }
}
