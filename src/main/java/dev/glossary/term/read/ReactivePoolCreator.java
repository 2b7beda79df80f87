package dev.glossary.term.read;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the reactive pool as Quarkus does, keeping its options: the change listener connects exactly as the pool does. */
@ApplicationScoped
public class ReactivePoolCreator implements PgPoolCreator {

    @Inject Instance<Pool> pool;
    private volatile List<PgConnectOptions> connectOptions;

    @Override
    @SuppressWarnings("deprecation") // Quarkus 3.33 still expects the pool to be a PgPool
    public Pool create(Input input) {
        connectOptions = List.copyOf(input.pgConnectOptionsList());
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }

    /** The pool's options for the first host, its session and metrics named {@code applicationName} (the pool's name would clash). */
    public PgConnectOptions connectOptions(String applicationName) {
        if (connectOptions == null) {
            pool.get().size(); // Quarkus builds the pool on first use, and calls create() for it
        }
        PgConnectOptions options = new PgConnectOptions(connectOptions.get(0));
        Map<String, String> properties = new HashMap<>(options.getProperties());
        properties.put("application_name", applicationName);
        return options.setProperties(properties).setMetricsName(applicationName);
    }
}
