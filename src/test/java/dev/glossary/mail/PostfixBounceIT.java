package dev.glossary.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The DSN flow with a real MTA: deploy/mail/postfix-bounce-check.sh starts a private postfix instance
 * (its own config and queue, a free port; no system postfix is touched), relays a confirmation mail to a
 * destination that answers 550 for one recipient, and pipes postfix's own DSN to POST /mail/reports of
 * the packaged jar. Installs nothing: runs where the build is told postfix is there and it may run its
 * master as root (GLOSSARY_IT_POSTFIX: .ci/run installs postfix and sets it; pom.xml, profile postfix-it).
 */
class PostfixBounceIT {

    private static final long LIMIT_SECONDS = 300;

    @Test
    void shouldMarkTheSubscriberWhosMailPostfixBouncedAsBounced() throws Exception {
        assertTrue(onPath("postfix"), "postfix is not installed: .ci/run's ensure_postfix installs it");
        Path output = Files.createTempFile("postfix-bounce-check", ".log");
        try {
            ProcessBuilder check = new ProcessBuilder("bash", "deploy/mail/postfix-bounce-check.sh")
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            // The build's own GLOSSARY_* settings must not configure the service the script starts.
            check.environment().keySet().removeIf(name -> name.startsWith("GLOSSARY_"));
            check.environment().put("SKIP_BUILD", "1"); // the jar failsafe tests is the one it runs
            check.environment().put("BOUNCE_CHECK_JAR", System.getProperty("glossary.jar", "target/quarkus-app/quarkus-run.jar"));
            Process process = check.start();
            boolean ended = process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                process.destroy(); // its trap stops postfix and the service
                process.waitFor(30, TimeUnit.SECONDS);
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(ended, "the check did not end within " + LIMIT_SECONDS + " s:\n" + log);
            assertEquals(0, process.exitValue(), log);
            // What the check saw, through the admin API: postfix's DSN marked one address, and only that one.
            assertTrue(log.contains("no-such-reader@destination.test is bounced; reader@destination.test is pending"), log);
            assertTrue(log.matches("(?s).*status=bounced.*"), "postfix itself bounced the mail:\n" + log);
            assertTrue(log.contains("PASS"), log);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    }
}
