package dev.glossary.security;

import dev.glossary.config.GlossaryConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Creates the first admin from GLOSSARY_ADMIN_USERNAME / GLOSSARY_ADMIN_PASSWORD, so a fresh
 * deployment can be administered without touching the database. An existing user is left alone.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    @Transactional
    void onStart(@Observes StartupEvent event, GlossaryConfig config) {
        var username = config.admin().username().filter(name -> !name.isBlank());
        var password = config.admin().password().filter(secret -> !secret.isBlank());
        if (username.isEmpty() || password.isEmpty()) {
            return;
        }
        if (AppUser.exists(username.get())) {
            return;
        }
        AppUser.create(username.get(), password.get(), Roles.ADMIN).persist();
        LOG.infof("Created admin user '%s'", username.get());
    }
}
