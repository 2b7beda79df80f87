package dev.glossary.common;

import java.util.function.Function;

/**
 * What was made last for a key, kept while the key stays the same: a bulk send asks for one key (a
 * sender, a rendering, the current second) again and again, and a map lookup each time cost more than
 * the comparison. Safe to share: a race only makes the value twice.
 */
public final class LastMade<K, V> {

    private record Made<K, V>(K key, V value) {
    }

    private volatile Made<K, V> last;

    public V get(K key, Function<K, V> make) {
        Made<K, V> known = last;
        if (known == null || !known.key().equals(key)) {
            known = new Made<>(key, make.apply(key));
            last = known;
        }
        return known.value();
    }
}
