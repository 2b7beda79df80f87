package dev.glossary.common;

/**
 * Paging parameters, parsed from the raw query strings so that "page=abc" is a 400 problem
 * naming the parameter rather than the 404 JAX-RS gives for unconvertible query parameters.
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 1_000_000;

    public static PageRequest parse(String page, String size) {
        return new PageRequest(
                QueryParams.integer("page", page, 0, 0, MAX_PAGE),
                QueryParams.integer("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    public long offset() {
        return (long) page * size;
    }
}
