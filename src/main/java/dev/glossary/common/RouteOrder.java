package dev.glossary.common;

/**
 * The order of our Vert.x route hooks, in one place. All of them run before Quarkus' own HTTP
 * filters (its CORS filter, authentication) and the REST layer; routes of equal order run in the
 * order they were registered, so only the steps between the groups matter.
 */
public final class RouteOrder {

    /**
     * First: the failure handler here turns failures of every later route into problem+json, and a
     * declared over-size body is refused before anything reads it.
     */
    public static final int FAILURES_AND_BODY_SIZE = Integer.MIN_VALUE;

    /**
     * Then the hooks that set headers as the answer is written (Vary, security headers, JSON media
     * types), so that the answers given by the screens below carry them too.
     */
    public static final int RESPONSE_HEADERS = Integer.MIN_VALUE + 1;

    /**
     * Last, the screens that may answer on their own: the login throttle, and the cross-origin screen,
     * which must run before Quarkus' CORS filter answers a bare 403.
     */
    public static final int REQUEST_SCREENS = Integer.MIN_VALUE + 2;

    private RouteOrder() {
    }
}
