package dev.glossary.term.read;

/** A cache key whose answer depends on one slug (as asked for), so that a write can drop just it. */
interface SlugKey {

    String slug();
}
