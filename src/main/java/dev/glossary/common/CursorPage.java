package dev.glossary.common;

import java.util.List;

/** One page of a cursor walk: no counts, only where to go on (null on the last page). */
public record CursorPage<T>(List<T> items, int size, String nextCursor) {
}
