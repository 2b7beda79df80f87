package dev.glossary.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.common.ClientAddress;
import dev.glossary.common.Problem;
import dev.glossary.common.ProblemType;
import dev.glossary.common.RouteOrder;
import dev.glossary.common.RoutingProblems;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Refuses requests carrying credentials from a client that has failed too many logins. */
@ApplicationScoped
public class LoginThrottleFilter {

    private final LoginThrottle throttle;
    private final ObjectMapper json;

    LoginThrottleFilter(LoginThrottle throttle, ObjectMapper json) {
        this.throttle = throttle;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(RouteOrder.REQUEST_SCREENS).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().getHeader("Authorization") == null) {
            context.next();
            return;
        }
        // Quarkus holds the request paused until a body handler attaches, so nothing is lost meanwhile.
        Context eventLoop = Vertx.currentContext();
        throttle.blockedFor(ClientAddress.of(context.request())).whenComplete((blocked, failure) ->
                eventLoop.runOnContext(onEventLoop -> {
                    if (blocked == null || blocked.isEmpty()) {
                        context.next();
                        return;
                    }
                    Problem problem = Problem.of(ProblemType.TOO_MANY_REQUESTS,
                            "Too many failed logins from this address; retry later", context.request().path());
                    RoutingProblems.end(RoutingProblems.prepare(context, 429)
                            .putHeader("Retry-After", String.valueOf(blocked.get().toSeconds())), problem, json);
                }));
    }
}
