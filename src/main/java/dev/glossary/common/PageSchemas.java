package dev.glossary.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * One page schema for every listing: a response that names {@code <Item>Page} (or
 * {@code <Item>CursorPage}) gets the schema of {@link Page} (or {@link CursorPage}) with items of
 * the component {@code <Item>}, so that the fields, examples and descriptions of a page are written
 * once, on the records, and generated clients still get a named type per listing.
 */
final class PageSchemas {

    private static final String SCHEMAS = "#/components/schemas/";
    /** The generic records, by their schema names; the longer first, as "XCursorPage" also ends in "Page". */
    private static final List<String> GENERIC = List.of("CursorPage", "Page");

    private PageSchemas() {
    }

    static void apply(OpenAPI document) {
        if (document.getPaths() == null || document.getComponents() == null || document.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = document.getComponents().getSchemas();
        Set<String> named = new TreeSet<>(schemas.keySet());
        for (PathItem path : document.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                    for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
                        if (response.getContent() != null && response.getContent().getMediaTypes() != null) {
                            response.getContent().getMediaTypes().values().forEach(media -> collectRefs(media.getSchema(), named));
                        }
                    }
                }
            }
        }
        for (String name : named) {
            for (String generic : GENERIC) {
                String item = name.substring(0, Math.max(0, name.length() - generic.length()));
                if (name.endsWith(generic) && !item.isEmpty() && schemas.containsKey(item) && schemas.containsKey(generic)) {
                    document.getComponents().addSchema(name, pageOf(schemas.get(generic), item));
                    break;
                }
            }
        }
    }

    private static Schema pageOf(Schema generic, String item) {
        Schema page = OASFactory.createSchema();
        page.setAll(new LinkedHashMap<>(generic.getAll()));
        Map<String, Schema> properties = new LinkedHashMap<>(generic.getProperties());
        properties.put("items", OASFactory.createSchema().addType(SchemaType.ARRAY)
                .items(OASFactory.createSchema().ref(SCHEMAS + item)));
        page.setProperties(properties);
        return page;
    }

    private static void collectRefs(Schema schema, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && schema.getRef().startsWith(SCHEMAS)) {
            names.add(schema.getRef().substring(SCHEMAS.length()));
        }
        for (List<Schema> parts : List.of(listOrEmpty(schema.getAnyOf()), listOrEmpty(schema.getOneOf()), listOrEmpty(schema.getAllOf()))) {
            parts.forEach(part -> collectRefs(part, names));
        }
        collectRefs(schema.getItems(), names);
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
