package dev.glossary.config;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway migrates over a connection of its own, same URL and credentials as the pool but without its
 * request time-outs (statement_timeout 5 s, socket 6 s): a migration of a large glossary runs longer.
 */
@Singleton
public class MigrationConnection implements FlywayConfigurationCustomizer {

    private final String url;
    private final String username;
    private final String password;

    MigrationConnection(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.username = username.orElse(null);
        this.password = password.orElse(null);
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.dataSource(url, username, password);
    }
}
