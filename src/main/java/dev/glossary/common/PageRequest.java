package dev.glossary.common;

/** Which page of a listing, and how many items a page has ({@link PageParams} bounds both). */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 1_000_000;

    public long offset() {
        return (long) page * size;
    }
}
