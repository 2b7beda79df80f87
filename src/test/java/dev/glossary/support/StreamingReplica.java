package dev.glossary.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A streaming replica of the local PostgreSQL (127.0.0.1:5432), made by pg_basebackup into a
 * temporary directory and run by pg_ctl on a port of its own, as the postgres user when the tests
 * run as root (PostgreSQL refuses to). The primary must allow replication connections from
 * 127.0.0.1 for the postgres user (Debian's default pg_hba.conf does, with its password; .ci/run
 * makes sure). The server binaries are taken from PG_BINDIR, else Debian's directory for the
 * primary's major version, else the PATH.
 */
public final class StreamingReplica implements AutoCloseable {

    private static final String PRIMARY_JDBC = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private final Path directory;
    private final int port;
    private final String binaries;

    private StreamingReplica(Path directory, int port, String binaries) {
        this.directory = directory;
        this.port = port;
        this.binaries = binaries;
    }

    public static StreamingReplica start() throws IOException, InterruptedException, SQLException {
        Path directory = Files.createTempDirectory("glossary-replica");
        StreamingReplica replica = new StreamingReplica(directory, LocalResources.freePort(), binaries());
        replica.run(List.of("chown", "-R", USER, directory.toString()), true);
        Path data = directory.resolve("data");
        try {
            replica.runAsPostgres(replica.binary("pg_basebackup"), "-h", "127.0.0.1", "-p", "5432", "-U", USER,
                    "-D", data.toString(), "-R", "-X", "stream", "-c", "fast");
        } catch (IllegalStateException e) {
            replica.close();
            throw new IllegalStateException(e.getMessage() + "\nThe primary must accept replication connections from"
                    + " 127.0.0.1 for " + USER + ": a 'host replication all 127.0.0.1/32' line in pg_hba.conf", e);
        }
        // Debian keeps the primary's configuration outside its data directory: the copy has none.
        replica.runAsPostgres("sh", "-c", "printf '%s\\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' > "
                + data.resolve("pg_hba.conf") + " && : > " + data.resolve("postgresql.conf") + " && : > " + data.resolve("pg_ident.conf"));
        try {
            replica.startAgain();
        } catch (IllegalStateException e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    /** A JDBC URL for a database on the replica. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Stops the server, as a crash or maintenance would; {@link #startAgain()} brings it back. */
    public void stop() throws IOException, InterruptedException {
        runAsPostgres(binary("pg_ctl"), "-D", directory.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    public void startAgain() throws IOException, InterruptedException {
        Path log = directory.resolve("server.log");
        try {
            runAsPostgres(binary("pg_ctl"), "-D", directory.resolve("data").toString(), "-l", log.toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + directory
                            + " -c listen_addresses=127.0.0.1 -c hot_standby=on -c hot_standby_feedback=on -c fsync=off",
                    "start");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nServer log:\n"
                    + (Files.exists(log) ? Files.readString(log) : "(none)"), e);
        }
    }

    /** Replay stops, streaming goes on: the replica falls behind by however long this lasts. */
    public void pauseReplay() throws SQLException {
        execute("SELECT pg_wal_replay_pause()");
    }

    public void resumeReplay() throws SQLException {
        execute("SELECT pg_wal_replay_resume()");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } catch (IllegalStateException alreadyStopped) {
            // nothing to stop
        }
        LocalResources.deleteTree(directory);
    }

    private void execute(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private String binary(String name) {
        return binaries == null ? name : binaries + "/" + name;
    }

    private void runAsPostgres(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            line.addAll(List.of("runuser", "-u", USER, "--"));
        }
        line.addAll(List.of(command));
        run(line, false);
    }

    private void run(List<String> command, boolean onlyAsRoot) throws IOException, InterruptedException {
        if (onlyAsRoot && !"root".equals(System.getProperty("user.name"))) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Debian installs pg_ctl outside the PATH, under the server's major version. */
    private static String binaries() throws SQLException {
        String configured = System.getenv("PG_BINDIR");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try (Connection connection = DriverManager.getConnection(PRIMARY_JDBC, USER, PASSWORD);
             Statement sql = connection.createStatement();
             var row = sql.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            row.next();
            Path debian = Path.of("/usr/lib/postgresql/" + row.getInt(1) + "/bin");
            return Files.isDirectory(debian) ? debian.toString() : null;
        }
    }
}
