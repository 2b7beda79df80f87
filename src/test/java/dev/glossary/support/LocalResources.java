package dev.glossary.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the tests that start processes of their own share: ports, scratch directories, metrics. */
public final class LocalResources {

    private LocalResources() {
    }

    /** A port free right now on this machine. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Deletes a scratch directory and everything in it. */
    public static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** glossary_term_reads_total for one database ("replica", "primary") in a /q/metrics answer; 0 before the first. */
    public static double termReads(String metrics, String database) {
        Matcher value = Pattern.compile("^glossary_term_reads_total\\{database=\"" + database + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}
