package dev.glossary.term.read;

import dev.glossary.common.DatabaseFailure;
import dev.glossary.term.TermRepository;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/** Routes public term reads to the optional replica while it is fresh enough, else to the primary (docs/architecture/term.md). */
@ApplicationScoped
public class ReadReplica implements TermRepository.ReplicaSession {

    private static final Logger LOG = Logger.getLogger(ReadReplica.class);
    /** Lag in ms (none once all received is replayed, else the last replayed transaction's age) and replay position. */
    private static final String POSITION = """
            SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
                        WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn()
                             AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN 0
                        ELSE coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000,
                                      1e12)::bigint END,
                   ((CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)
                        - '0/0'::pg_lsn)::bigint
            """;
    /** The primary's WAL position, asked after a change was heard, so at or after that change's commit. */
    public static final String PRIMARY_POSITION = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint";
    /** A change's position that could not be learned: cached reads stay on the primary until the next one's is. */
    public static final long UNKNOWN_POSITION = Long.MAX_VALUE;
    private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();

    private record Report(long lagMillis, long replayed, long askedAtNanos) {
    }

    @Inject @DataSource("read") Instance<AgroalDataSource> dataSource;
    @Inject @ReactiveDataSource("read") Instance<Pool> pool;
    @Inject SessionFactory sessions;
    @Inject Vertx vertx;
    @Inject TermReadCache cache;
    private final boolean configured;
    private final long maxLagNanos;
    private final long checkEveryMillis;
    private final Counter replicaReads;
    private final Counter primaryReads;
    private volatile Report report;
    private volatile long changeHeardAt = UNKNOWN_POSITION;
    private volatile boolean checking;
    private long checker = -1;

    ReadReplica(ReadReplicaConfig config, MeterRegistry registry) {
        this.configured = config.jdbcUrl().isPresent();
        this.maxLagNanos = config.maxLag().toNanos();
        this.checkEveryMillis = Math.max(1, config.checkEvery().toMillis());
        this.replicaReads = reads(registry, "replica");
        this.primaryReads = reads(registry, "primary");
        if (configured) {
            // +Inf while the replica does not answer, so that one alert (docs/runbooks.md) covers both.
            Gauge.builder("glossary.read.replica.lag.seconds", this, ReadReplica::lagSeconds)
                    .description("Replay lag of the read replica as last measured; +Inf while it does not answer")
                    .register(registry);
        }
    }

    private double lagSeconds() {
        Report current = report;
        return current == null ? Double.POSITIVE_INFINITY : current.lagMillis() / 1000.0;
    }

    private static Counter reads(MeterRegistry registry, String database) {
        return Counter.builder("glossary.term.reads").tag("database", database)
                .description("Term reads that reached a database (cache misses), by the database that answered")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (configured) {
            checker = vertx.setPeriodic(1, checkEveryMillis, tick -> check());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (checker >= 0) {
            vertx.cancelTimer(checker);
        }
    }

    public boolean configured() {
        return configured;
    }

    /** Called with the primary's WAL position after a change was heard, before its invalidation. */
    public void changeHeardAt(long primaryPosition) {
        changeHeardAt = primaryPosition;
    }

    /** Runs a Hibernate read on the replica's own read-only session when the caller may and it is fresh, else on the primary. */
    public <T> T read(boolean mayUseReplica, Supplier<T> work) {
        if (CURRENT.get() != null) {
            return work.get(); // a read within a read: already where the outer one runs
        }
        if (!mayUseReplica || QuarkusTransaction.isActive() || !fresh()) {
            primaryReads.increment();
            return work.get();
        }
        Connection connection;
        try {
            connection = dataSource.get().getConnection();
        } catch (SQLException | RuntimeException e) {
            return unreachable(e, work);
        }
        try (connection; Session session = sessions.withOptions().connection(connection)
                .autoJoinTransactions(false).openSession()) {
            session.setDefaultReadOnly(true);
            session.setHibernateFlushMode(FlushMode.MANUAL);
            connection.setAutoCommit(false); // one snapshot, and set_config(..., true) of searches holds
            CURRENT.set(session);
            T result;
            try {
                result = work.get();
            } finally {
                CURRENT.remove();
                connection.rollback(); // nothing to keep; ends the transaction before the pool takes it back
            }
            replicaReads.increment();
            return result;
        } catch (RuntimeException | SQLException e) {
            if (!connectionLost(e)) {
                throw e instanceof SQLException sql ? new DatabaseFailure(sql) : (RuntimeException) e;
            }
            return unreachable(e, work);
        }
    }

    @Override
    public Optional<EntityManager> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The reactive pool a read should use: the replica's when the caller may use it and it is fresh. */
    Optional<Pool> reactivePool(boolean mayUseReplica) {
        if (mayUseReplica && fresh()) {
            replicaReads.increment();
            return Optional.of(pool.get());
        }
        primaryReads.increment();
        return Optional.empty();
    }

    /** A reactive replica read failed: the replica is left alone until it reports again. */
    void reactiveReadFailed() {
        report = null;
    }

    private boolean fresh() {
        Report current = report;
        return current != null && (current.replayed() >= changeHeardAt || !cache.active())
                && current.lagMillis() * 1_000_000 + (System.nanoTime() - current.askedAtNanos()) < maxLagNanos;
    }

    private <T> T unreachable(Exception e, Supplier<T> work) {
        report = null;
        LOG.debugf("Read replica unreachable (%s); reading the primary", e.getMessage());
        primaryReads.increment();
        return work.get();
    }

    /** A lost or refused connection, or none to be had, as opposed to a failure of the read itself. */
    private static boolean connectionLost(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** One report at a time; a replica that does not answer within the bound counts as stale. */
    private void check() {
        if (checking) {
            return;
        }
        checking = true;
        long asked = System.nanoTime();
        long timeout = vertx.setTimer(Math.max(1, maxLagNanos / 1_000_000), late -> report = null);
        pool.get().query(POSITION).execute().onComplete(answer -> {
            vertx.cancelTimer(timeout);
            checking = false;
            if (answer.failed()) {
                if (report != null) {
                    LOG.warnf("Read replica unreachable (%s); reads go to the primary", answer.cause().getMessage());
                }
                report = null;
                return;
            }
            var row = answer.result().iterator().next();
            if (report == null) {
                LOG.infof("Read replica answers (lag %d ms)", row.getLong(0));
            }
            report = new Report(row.getLong(0), row.getLong(1), asked);
        });
    }

    /** The optional streaming replica for public reads; its URL configures Quarkus's datasource "read" (application.properties). */
    @ConfigMapping(prefix = "glossary.read-datasource")
    public interface ReadReplicaConfig {

        /** Unset, every read goes to the primary. */
        Optional<String> jdbcUrl();

        /** Reads go to the replica only while its replay lag plus the age of that measurement stays under this. */
        @WithDefault("1S")
        Duration maxLag();

        /** How often each instance measures the replica's lag. */
        @WithDefault("200MS")
        Duration checkEvery();
    }
}
