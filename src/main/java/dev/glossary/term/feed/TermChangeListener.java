package dev.glossary.term.feed;

import dev.glossary.config.GlossaryConfig;
import dev.glossary.term.TermCacheConfig;
import dev.glossary.term.TermChanges;
import dev.glossary.term.TermChangesHeard;
import dev.glossary.term.TermsChanged;
import dev.glossary.term.read.ReactivePoolCreator;
import dev.glossary.term.read.ReadReplica;
import dev.glossary.term.read.TermReadCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/** LISTENs for term changes (for the cache) and feed writes (for the feed's idle answer and the search index); disconnected, the cache pauses. */
@ApplicationScoped
public class TermChangeListener {

    static final String APPLICATION_NAME = "glossary-listener";
    private static final Logger LOG = Logger.getLogger(TermChangeListener.class);
    private static final long RECONNECT_MILLIS = 1_000;
    private static final long PING_EVERY_MILLIS = 5_000;
    private static final long PING_TIMEOUT_MILLIS = 5_000;

    /** Migration V11's channel, shared by every schema in the database; the payload names the schema. */
    static final String FEED_CHANNEL = "glossary_change_feed";

    @Inject TermReadCache cache;
    @Inject ChangeFeed feed;
    @Inject GlossaryConfig config;
    @Inject TermCacheConfig cacheConfig;
    @Inject Vertx vertx;
    @Inject ReactivePoolCreator pool;
    @Inject ReadReplica replica;
    @Inject Event<TermChangesHeard> heard;
    private volatile PgSubscriber subscriber;
    private long pinger = -1;

    void start(@Observes StartupEvent event) {
        if (!cacheConfig.enabled()) {
            return;
        }
        // Writers and a manual NOTIFY name the channel unquoted: accept only a plain identifier.
        String channel = cacheConfig.channel();
        if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("glossary.term-cache.channel must be a lower-case SQL identifier");
        }
        subscriber = PgSubscriber.subscriber(vertx, pool.connectOptions(APPLICATION_NAME))
                .reconnectPolicy(this::connectionLost);
        subscriber.channel(channel)
                .subscribeHandler(listening -> afterReplicaPosition(() -> cache.trust(true)))
                .handler(payload -> afterReplicaPosition(() -> cache.invalidate(TermChanges.slugsOf(payload))));
        String schema = config.db().schema();
        subscriber.channel(FEED_CHANNEL)
                .subscribeHandler(listening -> {
                    feed.listening(true);
                    heard.fire(new TermChangesHeard(true));
                })
                .handler(payload -> {
                    if (schema.equals(payload)) {
                        feed.changesHeard();
                        heard.fire(new TermChangesHeard(true));
                    }
                });
        connect();
        pinger = vertx.setPeriodic(PING_EVERY_MILLIS, tick -> ping());
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            vertx.cancelTimer(pinger);
            subscriber.close();
            cache.trust(false);
            feed.listening(false);
        }
    }

    /** The writing instance drops its own copies before the write's response is sent. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) TermsChanged change) {
        cache.invalidate(change.slugs());
    }

    /** The PostgreSQL backend listening right now, if connected. */
    OptionalInt listeningBackend() {
        PgConnection connection = subscriber == null ? null : subscriber.actualConnection();
        return connection == null ? OptionalInt.empty() : OptionalInt.of(connection.processId());
    }

    /** With a replica, act on a change only once the primary's WAL position after it is known (asked in order on this connection). */
    private void afterReplicaPosition(Runnable action) {
        PgConnection connection = subscriber.actualConnection();
        if (!replica.configured() || connection == null) {
            action.run();
            return;
        }
        connection.query(ReadReplica.PRIMARY_POSITION).execute().onComplete(answer -> {
            replica.changeHeardAt(answer.succeeded() ? answer.result().iterator().next().getLong(0) : ReadReplica.UNKNOWN_POSITION);
            action.run();
        });
    }

    /** Asked when the connection drops (attempt 0) and after each failed retry: changes may go unheard, so the cache pauses. */
    private long connectionLost(int attempt) {
        cache.trust(false);
        feed.listening(false);
        heard.fire(new TermChangesHeard(false));
        if (attempt == 0) {
            LOG.warn("Term change listener lost PostgreSQL; caching paused until it listens again");
        }
        return attempt == 0 ? 0 : RECONNECT_MILLIS;
    }

    /** The reconnect policy covers lost connections only; a first connection that fails is retried here. */
    private void connect() {
        subscriber.connect().onFailure(failure -> {
            LOG.warnf("Term change listener cannot reach PostgreSQL (%s); caching paused until it can",
                    failure.getMessage());
            subscriber.close().onComplete(closed -> vertx.setTimer(RECONNECT_MILLIS, retry -> connect()));
        });
    }

    /** A silently dead link would look like a quiet channel: a ping that fails or hangs drops it. */
    private void ping() {
        PgConnection connection = subscriber.actualConnection();
        if (connection == null) {
            return;
        }
        long timeout = vertx.setTimer(PING_TIMEOUT_MILLIS, late -> connection.close());
        connection.query("SELECT 1").execute().onComplete(answer -> {
            vertx.cancelTimer(timeout);
            if (answer.failed()) {
                connection.close();
            }
        });
    }
}
