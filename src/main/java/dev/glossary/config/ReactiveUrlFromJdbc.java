package dev.glossary.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** One URL per database, as the contract promises: an unset reactive URL is the JDBC one without {@code jdbc:}. */
@Priority(Priorities.APPLICATION + 100)
public class ReactiveUrlFromJdbc implements ConfigSourceInterceptor {

    /** Each key, unset, falls back to the next; the read replica's JDBC URL also answers to its glossary name. */
    private static final Map<String, String> FALLBACK = Map.of(
            "quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url",
            "quarkus.datasource.read.reactive.url", "quarkus.datasource.read.jdbc.url",
            "quarkus.datasource.read.jdbc.url", "glossary.read-datasource.jdbc-url");
    private static final String JDBC_PREFIX = "jdbc:";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String fallback = FALLBACK.get(name);
        ConfigValue from = value != null || fallback == null ? null : getValue(context, fallback);
        if (from == null || !name.endsWith(".reactive.url")) {
            return from == null ? value : from.withName(name);
        }
        return from.getValue() == null || !from.getValue().startsWith(JDBC_PREFIX) ? null
                : from.withName(name).withValue(withoutParameters(from.getValue().substring(JDBC_PREFIX.length())));
    }

    /** pgJDBC's parameters would reach the server as settings from the reactive client; sslmode means the same to both. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String kept = Arrays.stream(url.substring(query + 1).split("&")).filter(parameter -> parameter.startsWith("sslmode="))
                .collect(Collectors.joining("&"));
        return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept);
    }
}
