package dev.glossary.web;

import io.quarkus.vertx.http.runtime.RouteConstants;

/** The order of our Vert.x route hooks; routes of equal order run in the order they were registered. */
public final class RouteOrder {

    /** First: the failure handler turns every later route's failure into problem+json; over-size bodies stop here. */
    public static final int FAILURES_AND_BODY_SIZE = Integer.MIN_VALUE;

    /** Hooks that set headers as the answer is written, so that the screens' own answers carry them too. */
    public static final int RESPONSE_HEADERS = Integer.MIN_VALUE + 1;

    /** Screens that may answer on their own; before Quarkus' CORS filter, which answers a bare 403. */
    public static final int REQUEST_SCREENS = Integer.MIN_VALUE + 2;

    /** After Quarkus' CORS and security filters, before the REST layer and the routes of the features. */
    public static final int METHODS = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1;

    private RouteOrder() {
    }
}
