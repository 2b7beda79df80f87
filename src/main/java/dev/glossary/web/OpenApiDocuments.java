package dev.glossary.web;

import io.quarkus.arc.Unremovable;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quarkus' document service, keeping each document it serves. {@link OpenApiDocument} runs per request (so that start-up
 * does not complete a document few ask for), and Quarkus would then complete and write the document again on every
 * request: ~150 ms of CPU for anyone who asks. What it writes depends only on the build and the configuration, so the
 * first answer in each format is kept. A singleton without a client proxy: Quarkus prepares the document on this very
 * instance at start-up (a package-private call a proxy would not forward).
 */
@Alternative
@Priority(1)
@Singleton
@Unremovable // looked up by Quarkus' recorder and handler only, never injected
public class OpenApiDocuments extends OpenApiDocumentService {

    private final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @Override
    public byte[] getDocument(String name, Format format) {
        return served.computeIfAbsent(name + '\n' + format.name(), key -> super.getDocument(name, format));
    }
}
