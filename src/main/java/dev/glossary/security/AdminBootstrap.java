package dev.glossary.security;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Creates the first admin from GLOSSARY_ADMIN_USERNAME / _PASSWORD unless that user exists. */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    /** No defaults: prod has no default credentials (dev sets admin/admin). */
    @ConfigMapping(prefix = "glossary.admin")
    public interface Config {
        Optional<String> username();

        Optional<String> password();
    }

    @Transactional
    void onStart(@Observes StartupEvent event, Config config) {
        var username = config.username().filter(name -> !name.isBlank());
        var password = config.password().filter(secret -> !secret.isBlank());
        if (username.isEmpty() || password.isEmpty() || AppUser.exists(username.get())) {
            return;
        }
        AppUser.create(username.get(), password.get(), Roles.ADMIN).persist();
        LOG.infof("Created admin user '%s'", username.get());
    }
}
