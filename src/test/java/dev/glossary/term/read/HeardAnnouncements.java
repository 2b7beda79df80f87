package dev.glossary.term.read;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glossary.term.read.TermReadCache.DocumentKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Waits until this instance has heard every announcement made so far, its own included: a write's
 * NOTIFY reaches the listener a little after the write answers, and then drops what a test cached
 * meanwhile. PostgreSQL delivers notifications in commit order, so once a marker sent last has been
 * heard (it drops the entry cached under its name), so has everything before it.
 */
public final class HeardAnnouncements {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private HeardAnnouncements() {
    }

    public static void await(TermReadCache cache, DataSource dataSource, String channel) throws SQLException, InterruptedException {
        String marker = "heard-" + UUID.randomUUID();
        DocumentKey key = new DocumentKey(marker, TermRepresentation.JSON);
        cache.get(key, () -> marker);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, marker);
            notify.execute();
        }
        Instant deadline = Instant.now().plus(PATIENCE);
        while (cache.peek(key) != null && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertNull(cache.peek(key), "the listener did not hear a NOTIFY within " + PATIENCE);
    }
}
