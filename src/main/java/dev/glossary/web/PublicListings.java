package dev.glossary.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The one place public listings become cacheable (docs/architecture/web.md): a {@link Listing} GET's 200 gets
 * {@code Cache-Control: public, max-age=N} and a strong ETag hashed from the bytes served, so that every instance
 * tags the same content alike; a matching If-None-Match turns it into a bodyless 304. Errors are left alone.
 */
@Singleton
public class PublicListings {

    /** Set once at start-up. */
    private volatile Map<Listing.Path, String> cacheControls = Map.of();
    /** By resource method: its listing, or {@link #NOT_A_LISTING}; one reflective look-up per method. */
    private final Map<Method, Object> listings = new ConcurrentHashMap<>();
    private static final Object NOT_A_LISTING = new Object();

    /**
     * Bodies and tags by entity, compared by identity (weak keys). A listing served from the term cache is the
     * same immutable object on every hit until a write replaces it, so it is serialised and hashed once and a
     * hit costs a look-up; an entry goes with its entity. Entities made per request pass through once. So a
     * listing must not change an entity it has returned (records and unmodifiable lists).
     */
    private final Cache<Object, Tagged> seen = Caffeine.newBuilder().weakKeys()
            .maximumWeight(SEEN_BYTES).weigher((Object entity, Tagged tagged) -> tagged.body().length).build();
    private static final long SEEN_BYTES = 16L << 20;

    @Inject ObjectMapper mapper;
    /** Not injected directly: REST filters are made at static init, before runtime configuration is there. */
    @Inject Instance<ListingCacheConfig> config;

    /** At start-up, so that a max-age out of range stops the service at once, naming the variable. */
    void readConfig(@Observes StartupEvent started) {
        ListingCacheConfig config = this.config.get();
        Map<Listing.Path, String> values = new EnumMap<>(Listing.Path.class);
        for (Listing.Path path : Listing.Path.values()) {
            Duration maxAge = config.of(path);
            if (maxAge.toSeconds() < 1 || maxAge.toSeconds() > 300) {
                throw new IllegalStateException("glossary.http.max-age." + path.name().toLowerCase().replace('_', '-')
                        + " must be between 1 and 300 seconds, not " + maxAge);
            }
            values.put(path, "public, max-age=" + maxAge.toSeconds());
        }
        cacheControls = values;
    }

    public String cacheControl(Listing.Path path) {
        return cacheControls.get(path);
    }

    @ServerResponseFilter
    public void cacheable(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        if (response.getStatus() != 200 || resource.getResourceMethod() == null) {
            return; // an error is never public: a retry must reach the service
        }
        Object listing = listings.computeIfAbsent(resource.getResourceMethod(), method -> {
            Listing annotation = method.getAnnotation(Listing.class);
            return annotation == null ? NOT_A_LISTING : annotation.value();
        });
        if (listing == NOT_A_LISTING) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (headers.containsKey(HttpHeaders.CACHE_CONTROL)) {
            return; // the listing answered an editor something the public must not see, and said so
        }
        headers.putSingle(HttpHeaders.CACHE_CONTROL, cacheControls.get((Listing.Path) listing));
        Object etag = headers.getFirst(HttpHeaders.ETAG);
        if (etag == null && response.getEntity() != null) {
            Tagged tagged = seen.get(response.getEntity(), this::tag);
            etag = tagged.etag();
            headers.putSingle(HttpHeaders.ETAG, etag);
            response.setEntity(tagged.body());
        }
        if (etag != null && ETags.noneMatchHits(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag.toString())) {
            response.setEntity(null);
            response.setStatus(304);
        }
    }

    /** Serialised here instead of by the REST layer (the same mapper, so the same bytes), then hashed. */
    private Tagged tag(Object entity) {
        try {
            byte[] body = mapper.writeValueAsBytes(entity);
            return new Tagged(body, ETags.of(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Tagged(byte[] body, String etag) {
    }
}
