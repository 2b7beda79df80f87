package dev.glossary.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Test only: a route outside the API that logs one line on the event loop and one on a worker thread. */
@ApplicationScoped
public class RequestIdLogProbe {

    static final String PATH = "/test/request-id-probe";
    static final Logger LOG = Logger.getLogger(RequestIdLogProbe.class);

    void register(@Observes Router router) {
        router.get(PATH).handler(context -> {
            LOG.info("probe on the event loop");
            context.next();
        });
        router.get(PATH).blockingHandler(context -> {
            LOG.info("probe on a worker");
            context.response().end();
        });
    }
}
