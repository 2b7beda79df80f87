package dev.glossary.mail;

import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Mail settings that cannot work stop the service as it starts, not on a send. The mailer builds its
 * Vert.x client when it is first used; a client that fails to build (a DKIM key it cannot read) has
 * already registered its connection pool, and each later send would build, and leak, another one until
 * the heap is gone.
 */
@ApplicationScoped
class MailerStartupCheck {

    private static final Logger LOG = Logger.getLogger(MailerStartupCheck.class);

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, PipelinedSmtp pipelined,
            Instance<Mailer> mailer) {
        try {
            pipelined.startSigning();
        } catch (ConfigurationException e) {
            LOG.error(e.getMessage()); // Quarkus prints it on stderr only, outside the JSON log
            throw e;
        }
        mailer.get(); // builds the mailer and its client now, once: if that fails, the service does not start
    }
}
