package dev.glossary.config;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Drops the Vert.x SQL client's per-connection meters (postgresql.*, glossary.listener.*, tagged clientType=sql).
 * Vert.x makes them for every connection under its pool's name, so the second connection's gauges clash with
 * the first's ("Gauge postgresql.queue.size already registered") and the ones kept follow whichever connection
 * opened first. The pool as a whole is measured by sql.pool.* (queue, usage, rejections), which stay.
 */
public class SqlClientMetrics {

    @Produces
    @Singleton
    MeterFilter withoutPerConnectionMeters() {
        return MeterFilter.deny(id -> "sql".equals(id.getTag("clientType")));
    }
}
