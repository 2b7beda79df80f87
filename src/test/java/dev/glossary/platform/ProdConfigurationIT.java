package dev.glossary.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.PackagedInstance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar in prod mode: what it refuses to start without. */
class ProdConfigurationIT {

    /** Mail links to localhost must be impossible; the database is not even reached (a closed port). */
    @Test
    void shouldRefuseToStartWithoutPublicBaseUrlAndNameTheVariable() throws Exception {
        String log = PackagedInstance.failedStart(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none",
                "QUARKUS_DATASOURCE_USERNAME", "nobody",
                "QUARKUS_DATASOURCE_PASSWORD", "nothing"), Duration.ofSeconds(60));
        assertTrue(log.contains("GLOSSARY_PUBLIC_BASE_URL"), "the log does not name the variable:\n" + log);
    }
}
