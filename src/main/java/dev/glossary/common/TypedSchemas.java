package dev.glossary.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The one place that decides what generated clients are told about types:
 * <ul>
 * <li>every property of a schema some response uses is required (our records always write every
 *     component, null included), unless its description says when it is present ("Present ...");
 * <li>a parameter or response header without a type is a string ({@code Retry-After} an integer):
 *     our parameters are Java strings whose {@code @Schema} carries only a pattern or an enumeration;
 * <li>a nullable reference (an {@code allOf} of one schema) is an object that is either the reference
 *     or null, so that OpenAPI 3.0 readers and validators do not ignore its {@code nullable};
 * <li>a schema no operation reaches (a generic record named for itself) is left out.
 * </ul>
 */
final class TypedSchemas {

    static final String OPTIONAL_MARK = "Present ";
    private static final String SCHEMAS = "#/components/schemas/";

    private TypedSchemas() {
    }

    static void apply(OpenAPI document) {
        if (document.getPaths() == null || document.getComponents() == null || document.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = document.getComponents().getSchemas();
        Set<String> fromResponses = new HashSet<>();
        Set<String> fromAnywhere = new HashSet<>();
        for (PathItem path : document.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                typeParameters(operation);
                if (operation.getRequestBody() != null) {
                    contentSchemas(operation.getRequestBody().getContent(), schema -> reach(schema, schemas, fromAnywhere));
                }
                // Callbacks (webhook deliveries) document bodies that this service sends.
                if (operation.getCallbacks() != null) {
                    operation.getCallbacks().values().forEach(callback -> callback.getPathItems().values()
                            .forEach(item -> item.getOperations().values().stream()
                                    .filter(sent -> sent.getRequestBody() != null)
                                    .forEach(sent -> contentSchemas(sent.getRequestBody().getContent(),
                                            schema -> reach(schema, schemas, fromAnywhere)))));
                }
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(parameter -> reach(parameter.getSchema(), schemas, fromAnywhere));
                }
                if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                    for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
                        typeHeaders(response);
                        contentSchemas(response.getContent(), schema -> reach(schema, schemas, fromResponses));
                    }
                }
            }
        }
        fromAnywhere.addAll(fromResponses);
        List.copyOf(schemas.keySet()).stream().filter(name -> !fromAnywhere.contains(name))
                .forEach(document.getComponents()::removeSchema);
        fromResponses.forEach(name -> requireAlwaysPresent(schemas.get(name)));
        schemas.values().forEach(TypedSchemas::typeNullableReferences);
    }

    private static void requireAlwaysPresent(Schema schema) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        List<String> required = new ArrayList<>();
        schema.getProperties().forEach((name, property) -> {
            String description = property.getDescription();
            if (description == null || !description.startsWith(OPTIONAL_MARK)) {
                required.add(name);
            }
        });
        schema.setRequired(required.isEmpty() ? null : required);
    }

    private static void typeNullableReferences(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
            properties.replaceAll((name, property) -> typedIfNullableReference(property));
            schema.setProperties(properties);
            properties.values().forEach(TypedSchemas::typeNullableReferences);
        }
        typeNullableReferences(schema.getItems());
    }

    /** A nullable reference, however SmallRye composed it, as an object that may be null. */
    private static Schema typedIfNullableReference(Schema property) {
        List<Schema> parts = new ArrayList<>();
        for (List<Schema> group : List.of(listOrEmpty(property.getAllOf()), listOrEmpty(property.getAnyOf()),
                listOrEmpty(property.getOneOf()))) {
            parts.addAll(group);
        }
        List<Schema> references = parts.stream().filter(part -> part.getRef() != null).toList();
        boolean untyped = property.getType() == null || !property.getType().contains(SchemaType.OBJECT);
        if (references.size() != 1 || !untyped) {
            return property;
        }
        // OpenAPI 3.0.3: nullable adds null to the schema's own type only; an allOf of the reference
        // would still refuse null. The second branch is the null itself.
        Schema onlyNull = OASFactory.createSchema().type(List.of(SchemaType.OBJECT, SchemaType.NULL))
                .enumeration(Collections.singletonList(null));
        return OASFactory.createSchema().type(List.of(SchemaType.OBJECT, SchemaType.NULL))
                .description(property.getDescription()).anyOf(List.of(references.get(0), onlyNull));
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void typeParameters(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        operation.getParameters().forEach(parameter -> {
            if (parameter.getSchema() == null) {
                parameter.setSchema(OASFactory.createSchema().addType(SchemaType.STRING));
            } else if (parameter.getSchema().getType() == null && parameter.getSchema().getRef() == null) {
                parameter.getSchema().addType(SchemaType.STRING);
            }
        });
    }

    private static void typeHeaders(APIResponse response) {
        if (response.getHeaders() == null) {
            return;
        }
        response.getHeaders().forEach((name, header) -> {
            if (header.getRef() == null && header.getSchema() == null) {
                SchemaType type = "Retry-After".equalsIgnoreCase(name) ? SchemaType.INTEGER : SchemaType.STRING;
                header.setSchema(OASFactory.createSchema().addType(type));
            }
        });
    }

    private static void contentSchemas(Content content, Consumer<Schema> action) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(media -> action.accept(media.getSchema()));
        }
    }

    /** Adds the component schemas this schema uses, directly or through others. */
    private static void reach(Schema schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        String ref = schema.getRef();
        if (ref != null && ref.startsWith(SCHEMAS)) {
            String name = ref.substring(SCHEMAS.length());
            if (names.add(name)) {
                reach(schemas.get(name), schemas, names);
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> reach(property, schemas, names));
        }
        reach(schema.getItems(), schemas, names);
        for (List<Schema> parts : List.of(listOrEmpty(schema.getAllOf()), listOrEmpty(schema.getAnyOf()),
                listOrEmpty(schema.getOneOf()))) {
            parts.forEach(part -> reach(part, schemas, names));
        }
    }
}
