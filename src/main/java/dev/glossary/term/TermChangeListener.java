package dev.glossary.term;

import dev.glossary.config.GlossaryConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps the term cache coherent across instances: every term write sends a NOTIFY in its
 * transaction naming the slugs it changed, and each instance LISTENs on a connection of its own and
 * drops what the notification names. While that connection is down the cache is bypassed, since a change could go unheard.
 */
@ApplicationScoped
public class TermChangeListener {

    private static final Logger LOG = Logger.getLogger(TermChangeListener.class);
    private static final int POLL_MILLIS = 1_000;
    private static final long RECONNECT_MILLIS = 1_000;
    private static final int PING_EVERY_POLLS = 5;

    private final TermReadCache cache;
    private final GlossaryConfig config;
    private final String url;
    private final Properties credentials = new Properties();
    private volatile boolean running;
    private Thread worker;

    TermChangeListener(TermReadCache cache, GlossaryConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.cache = cache;
        this.config = config;
        this.url = url;
        username.ifPresent(user -> credentials.setProperty("user", user));
        password.ifPresent(secret -> credentials.setProperty("password", secret));
        credentials.setProperty("connectTimeout", "2");
        credentials.setProperty("socketTimeout", "10");
        credentials.setProperty("ApplicationName", "glossary-listener");
    }

    void start(@Observes StartupEvent event) {
        if (!config.termCache().enabled()) {
            return;
        }
        // LISTEN takes an identifier, not a bind parameter: accept only a plain one.
        if (!config.termCache().channel().matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("glossary.term-cache.channel must be a lower-case SQL identifier");
        }
        running = true;
        worker = new Thread(this::listen, "term-change-listener");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** The writing instance drops its own copies before the write's response is sent. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) TermsChanged change) {
        cache.invalidate(change.slugs());
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + config.termCache().channel());
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                cache.trust(true);
                long polls = 0;
                while (running) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            invalidate(TermChanges.slugsOf(notification.getParameter()));
                        }
                    }
                    if (++polls % PING_EVERY_POLLS == 0) {
                        ping(connection); // a silently dead link would otherwise look like a quiet one
                    }
                }
            } catch (SQLException e) {
                cache.trust(false);
                if (running) {
                    LOG.warnf("Term change listener lost PostgreSQL (%s); caching paused until it reconnects",
                            e.getSQLState());
                    pause();
                }
            }
        }
        cache.trust(false);
    }

    private void invalidate(Set<String> slugs) {
        if (slugs == null) {
            cache.invalidateAll();
        } else {
            cache.invalidate(slugs);
        }
    }

    private static void ping(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
