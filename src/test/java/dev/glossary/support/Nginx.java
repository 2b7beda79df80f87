package dev.glossary.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * nginx on a free loopback port in front of the given instances, configured by the one template
 * docker-compose and bench/cluster.sh use (deploy/nginx/glossary.conf.template), filled in as
 * envsubst would. Needs the nginx binary on the PATH (.ci/run installs it).
 */
public final class Nginx implements AutoCloseable {

    private static final Path TEMPLATE = Path.of("deploy/nginx/glossary.conf.template");

    private final Process process;
    private final Path directory;
    private final int port;

    private Nginx(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    public static Nginx inFrontOf(List<PackagedInstance> instances) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("glossary-nginx");
        int port = LocalResources.freePort();
        String servers = instances.stream()
                .map(instance -> "server " + instance.baseUrl().substring("http://".length()) + " max_fails=2 fail_timeout=5s;")
                .collect(Collectors.joining(" "));
        Files.writeString(directory.resolve("glossary.conf"), Files.readString(TEMPLATE)
                .replace("${GLOSSARY_NGINX_LISTEN}", "127.0.0.1:" + port)
                .replace("${GLOSSARY_UPSTREAM_SERVERS}", servers));
        Files.writeString(directory.resolve("nginx.conf"), """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                daemon off;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/glossary.conf;
                }
                """.formatted(directory));
        Process process = new ProcessBuilder("nginx", "-p", directory.toString(), "-c", directory.resolve("nginx.conf").toString(),
                "-e", directory.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("output.log").toFile()).start();
        Nginx nginx = new Nginx(process, directory, port);
        nginx.awaitListening();
        return nginx;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        LocalResources.deleteTree(directory);
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(directory.resolve("output.log")));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("nginx not listening within 10 s");
    }
}
