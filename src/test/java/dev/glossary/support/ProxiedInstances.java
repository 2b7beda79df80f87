package dev.glossary.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Packaged instances on a throwaway database, configured as behind a load balancer that they trust
 * (quarkus.http.proxy.*), and what the shared login throttle counted in that database.
 */
public final class ProxiedInstances {

    public static final String EDITOR = "it-admin";
    public static final String EDITOR_PASSWORD = "it-password";
    /** The default of glossary.security.login-failures-allowed. */
    public static final int ALLOWED_FAILURES = 10;
    private static final String ADMIN_JDBC = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String DB_USER = "postgres";
    private static final String DB_PASSWORD = "postgres";

    private final String database = "glossary_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public static ProxiedInstances onANewDatabase() throws SQLException {
        ProxiedInstances instances = new ProxiedInstances();
        execute(ADMIN_JDBC, "CREATE DATABASE " + instances.database);
        return instances;
    }

    /** Starts an instance that takes X-Forwarded-For from {@code trustedProxy} only. */
    public PackagedInstance start(String trustedProxy) throws Exception {
        return start(trustedProxy, Map.of());
    }

    /** As {@link #start(String)}, with more settings (environment variables) of the test's own. */
    public PackagedInstance start(String trustedProxy, Map<String, String> settings) throws Exception {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        environment.put("QUARKUS_DATASOURCE_USERNAME", DB_USER);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", DB_PASSWORD);
        environment.put("GLOSSARY_ADMIN_USERNAME", EDITOR);
        environment.put("GLOSSARY_ADMIN_PASSWORD", EDITOR_PASSWORD);
        environment.put("GLOSSARY_PUBLIC_BASE_URL", "http://127.0.0.1");
        environment.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        environment.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        environment.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", trustedProxy);
        return PackagedInstance.start(environment);
    }

    /** Failed logins the throttle counted for a client, over every instance. */
    public int failuresOf(String clientKey) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, DB_USER, DB_PASSWORD);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT coalesce(sum(failures), 0) FROM glossary.login_failure WHERE client_key = ?")) {
            query.setString(1, clientKey);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /**
     * The answer to an attempt with the right password once the client's last failure is counted:
     * a failure is written a moment after its 401 goes out, so the first tries may still get through.
     */
    public static int statusOnceCounted(Callable<Integer> attempt) throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        int status = attempt.call();
        while (status != 429 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            status = attempt.call();
        }
        return status;
    }

    public void dropDatabase() throws SQLException {
        execute(ADMIN_JDBC, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void execute(String url, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, DB_USER, DB_PASSWORD);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
