package dev.glossary.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The packaged jar started in prod mode, configured only through environment variables. */
public final class PackagedInstance implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static PackagedInstance start(Map<String, String> environment) throws IOException, InterruptedException {
        int port = LocalResources.freePort();
        Path log = Files.createTempFile("glossary-instance-" + port, ".log");
        PackagedInstance instance = new PackagedInstance(launch(environment, port, log), port, log);
        instance.awaitReady();
        return instance;
    }

    /**
     * Starts the jar with only this environment's GLOSSARY_* settings and expects it to stop by itself
     * within {@code limit}; returns its log. Fails if it is still running then.
     */
    public static String failedStart(Map<String, String> environment, Duration limit) throws IOException, InterruptedException {
        int port = LocalResources.freePort();
        Path log = Files.createTempFile("glossary-failed-start-" + port, ".log");
        Process process = launch(environment, port, log);
        if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("instance still running after " + limit + "; its log:\n" + Files.readString(log));
        }
        return Files.readString(log);
    }

    private static Process launch(Map<String, String> environment, int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx96m", "-XX:+UseSerialGC", "-jar",
                System.getProperty("glossary.jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // What the build's own environment holds must not configure the instance.
        builder.environment().keySet().removeIf(name -> name.startsWith("GLOSSARY_"));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return builder.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops it as kill -9 does: no shutdown hook, no commit, no goodbye to the SMTP server. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance exited; its log:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("instance not ready within " + START_LIMIT + "; its log:\n" + Files.readString(log));
    }
}
