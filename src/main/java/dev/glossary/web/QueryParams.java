package dev.glossary.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Whole-number query parameters bounded by their {@code @Min}/{@code @Max}: a bad value is a 400, not JAX-RS' 404. */
@Provider
public class QueryParams implements ParamConverterProvider {

    /** Only a parameter typed as a collection (like {@code slug} on GET /terms) may be repeated. */
    public static class Repeated {
        @ServerRequestFilter
        public void refuse(UriInfo uri, ResourceInfo resource) {
            uri.getQueryParameters().forEach((name, values) -> {
                if (values.size() > 1 && singleValued(resource.getResourceMethod()).contains(name)) {
                    throw ProblemException.invalidField(name, "must be given at most once");
                }
            });
        }

        private static Set<String> singleValued(Method method) {
            Set<String> names = new HashSet<>();
            for (Parameter parameter : method == null ? new Parameter[0] : method.getParameters()) {
                note(parameter.getAnnotation(QueryParam.class), parameter.getType(), names);
                if (parameter.isAnnotationPresent(BeanParam.class)) {
                    for (Field field : parameter.getType().getDeclaredFields()) {
                        note(field.getAnnotation(QueryParam.class), field.getType(), names);
                    }
                }
            }
            return names;
        }

        private static void note(QueryParam name, Class<?> type, Set<String> names) {
            if (name != null && !Collection.class.isAssignableFrom(type) && !type.isArray()) {
                names.add(name.value());
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        QueryParam name = find(annotations, QueryParam.class);
        if ((rawType != int.class && rawType != Integer.class) || name == null) {
            return null;
        }
        Min min = find(annotations, Min.class);
        Max max = find(annotations, Max.class);
        DefaultValue absent = find(annotations, DefaultValue.class);
        return (ParamConverter<T>) new Bounded(name.value(), min == null ? Integer.MIN_VALUE : min.value(),
                max == null ? Integer.MAX_VALUE : max.value(), absent == null ? null : absent.value());
    }

    private record Bounded(String name, long min, long max, String absent) implements ParamConverter<Integer> {

        @Override
        public Integer fromString(String raw) {
            if (raw == null || raw.isEmpty()) {
                return absent == null ? null : fromString(absent);
            }
            try {
                int value = Integer.parseInt(raw.trim());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException reportedBelow) {
            }
            // The REST layer passes a WebApplicationException on (any other as a 404); ProblemMapper unwraps it.
            throw new WebApplicationException(ProblemException.invalidField(name, "must be a whole number from " + min + " to " + max), 400);
        }

        @Override
        public String toString(Integer value) {
            return String.valueOf(value);
        }
    }

    private static <A extends Annotation> A find(Annotation[] annotations, Class<A> type) {
        return Arrays.stream(annotations).filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }
}
