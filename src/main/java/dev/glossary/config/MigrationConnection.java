package dev.glossary.config;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Flyway gets a connection of its own, without the pool's request time-outs: a large migration runs longer. */
@Singleton
public class MigrationConnection implements FlywayConfigurationCustomizer {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.dataSource(url, username.orElse(null), password.orElse(null));
    }
}
