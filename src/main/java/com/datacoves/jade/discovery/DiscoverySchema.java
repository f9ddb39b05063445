package com.datacoves.jade.discovery;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.CoercedVariables;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.schema.DataFetcherFactories;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.idl.TypeRuntimeWiring;
import graphql.TrivialDataFetcher;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

/**
 * The executable Discovery API: dbt's schema (resource {@code discovery/schema.graphqls}) wired to
 * {@link DiscoveryFetchers}, with the limits every query passes before it runs: depth at most {@link #MAX_DEPTH},
 * complexity (one per selected field, fragments expanded) at most {@link #MAX_COMPLEXITY}. A query over either limit,
 * a syntax error or an unknown field is answered with GraphQL errors and nothing is fetched. Introspection is served
 * (clients such as dbt-mcp and GraphQL IDEs use it) behind the same authentication as every query.
 */
@Singleton
public class DiscoverySchema {

    /** Deepest selection accepted (the standard introspection query is 13 deep). */
    public static final int MAX_DEPTH = 15;
    /** Most fields a query may select, fragments expanded. */
    public static final int MAX_COMPLEXITY = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(DiscoverySchema.class);

    private final GraphQL graphQL;

    /** Builds the schema once. */
    public DiscoverySchema(DiscoveryFetchers f) {
        TypeDefinitionRegistry registry;
        try (Reader r = new InputStreamReader(DiscoverySchema.class.getResourceAsStream("/discovery/schema.graphqls"),
                StandardCharsets.UTF_8)) {
            registry = new SchemaParser().parse(r);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("discovery/schema.graphqls is unreadable", e);
        }
        TypeResolver byType = env -> {
            Object source = env.getObject();
            String name = source instanceof Map<?, ?> m ? (String) m.get("_type") : null;
            return name == null ? null : env.getSchema().getObjectType(name);
        };
        RuntimeWiring.Builder w = RuntimeWiring.newRuntimeWiring()
                .codeRegistry(GraphQLCodeRegistry.newCodeRegistry()
                        .defaultDataFetcher(DataFetcherFactories.useDataFetcher(new ViewValues())))
                .scalar(bigInt()).scalar(dateTime()).scalar(json("JSONObject")).scalar(json("AnyScalar"))
                .type(newTypeWiring("Query").dataFetcher("environment", f.environment()).dataFetcher("job", f.job())
                        .dataFetcher("modelByEnvironment", f.modelByEnvironment())
                        .dataFetcher("models", f.rootJobNodes("model", false))
                        .dataFetcher("model", f.rootJobNodes("model", true))
                        .dataFetcher("sources", f.rootJobNodes("source", false))
                        .dataFetcher("source", f.rootJobNodes("source", true))
                        .dataFetcher("seeds", f.rootJobNodes("seed", false))
                        .dataFetcher("seed", f.rootJobNodes("seed", true))
                        .dataFetcher("snapshots", f.rootJobNodes("snapshot", false))
                        .dataFetcher("snapshot", f.rootJobNodes("snapshot", true))
                        .dataFetcher("tests", f.rootJobNodes("test", false))
                        .dataFetcher("test", f.rootJobNodes("test", true))
                        .dataFetcher("exposures", f.rootJobNodes("exposure", false))
                        .dataFetcher("exposure", f.rootJobNodes("exposure", true))
                        .dataFetcher("macros", f.rootJobNodes("macro", false))
                        .dataFetcher("macro", f.rootJobNodes("macro", true))
                        .dataFetcher("metrics", f.rootJobNodes("metric", false))
                        .dataFetcher("metric", f.rootJobNodes("metric", true)))
                .type(nodeConnections(newTypeWiring("AppliedState"), f, NodeViews.State.APPLIED)
                        .dataFetcher("lastUpdatedAt", f.lastUpdatedAt())
                        .dataFetcher("packages", f.packages())
                        .dataFetcher("lineage", f.lineage())
                        .dataFetcher("modelHistoricalRuns", f.modelHistoricalRuns())
                        .dataFetcher("tags", f.tags())
                        .dataFetcher("owners", f.owners())
                        .dataFetcher("resourceCounts", f.resourceCounts())
                        // artifacts do not carry the commit a run checked out
                        .dataFetcher("latestGitSha", env -> null))
                .type(newTypeWiring("Environment").dataFetcher("definition", env ->
                        ((Map<?, ?>) env.getSource()).get("applied")))
                .type(nodeConnections(newTypeWiring("DefinitionState"), f, NodeViews.State.DEFINITION)
                        .dataFetcher("lastUpdatedAt", f.lastUpdatedAt())
                        .dataFetcher("packages", f.packages())
                        .dataFetcher("tags", f.tags())
                        .dataFetcher("resourceCounts", f.resourceCounts())
                        .dataFetcher("lineage", f.lineage())
                        .dataFetcher("macros", f.connection(DiscoverySchema::macros, NodeViews.State.DEFINITION))
                        .dataFetcher("metrics", f.connection(env -> materialized(env, "metric"),
                                NodeViews.State.DEFINITION))
                        .dataFetcher("semanticModels", f.connection(env -> materialized(env, "semantic_model"),
                                NodeViews.State.DEFINITION))
                        .dataFetcher("savedQueries", f.connection(env -> materialized(env, "saved_query"),
                                NodeViews.State.DEFINITION))
                        .dataFetcher("groups", f.connection(env -> materialized(env, "group"),
                                NodeViews.State.DEFINITION)))
                .type(newTypeWiring("ModelAppliedStateNode").dataFetcher("ancestors", f.ancestors()))
                .type(newTypeWiring("ModelDefinitionNode").dataFetcher("ancestors", f.ancestors()))
                .type(newTypeWiring("ExposureDefinitionNode").dataFetcher("ancestors", f.ancestors()))
                .type(newTypeWiring("ExposureAppliedStateNode").dataFetcher("ancestors", f.ancestors()))
                .type(newTypeWiring("MetricDefinitionNode").dataFetcher("ancestors", f.ancestors()))
                .type(newTypeWiring("SemanticModelDefinitionNode").dataFetcher("ancestors", f.ancestors()))
                .type(newTypeWiring("SavedQueryDefinitionNode").dataFetcher("ancestors", f.ancestors()))
                .type(newTypeWiring("JobNode")
                        .dataFetcher("models", f.jobNodes("model", false)).dataFetcher("model", f.jobNodes("model", true))
                        .dataFetcher("sources", f.jobNodes("source", false)).dataFetcher("source", f.jobNodes("source", true))
                        .dataFetcher("seeds", f.jobNodes("seed", false)).dataFetcher("seed", f.jobNodes("seed", true))
                        .dataFetcher("snapshots", f.jobNodes("snapshot", false))
                        .dataFetcher("snapshot", f.jobNodes("snapshot", true))
                        .dataFetcher("tests", f.jobNodes("test", false)).dataFetcher("test", f.jobNodes("test", true))
                        .dataFetcher("exposures", f.jobNodes("exposure", false))
                        .dataFetcher("exposure", f.jobNodes("exposure", true))
                        .dataFetcher("macros", f.jobNodes("macro", false)).dataFetcher("macro", f.jobNodes("macro", true))
                        .dataFetcher("metrics", f.jobNodes("metric", false))
                        .dataFetcher("metric", f.jobNodes("metric", true)));
        for (String i : List.of("EnvironmentAppliedNode", "EnvironmentAppliedNestedNode", "EnvironmentDefinitionNode",
                "EnvironmentDefinitionNestedNode", "LineageNode",
                "LineageNodeWithParents", "CloudArtifactInterface", "NodeInterface")) {
            w.type(newTypeWiring(i).typeResolver(byType));
        }
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(registry, w.build());
        this.graphQL = GraphQL.newGraphQL(schema)
                .instrumentation(new ChainedInstrumentation(List.of(new MaxQueryDepthInstrumentation(MAX_DEPTH),
                        new MaxQueryComplexityInstrumentation(MAX_COMPLEXITY))))
                .defaultDataFetcherExceptionHandler(errors())
                .build();
    }

    /** The node connections both states have, over the same node set, their views in the given state. */
    private static TypeRuntimeWiring.Builder nodeConnections(TypeRuntimeWiring.Builder type, DiscoveryFetchers f,
                                                             NodeViews.State state) {
        return type.dataFetcher("models", f.connection(DiscoverySchema::models, state))
                .dataFetcher("sources", f.connection(DiscoverySchema::sources, state))
                .dataFetcher("seeds", f.connection(env -> materialized(env, "seed"), state))
                .dataFetcher("snapshots", f.connection(env -> materialized(env, "snapshot"), state))
                .dataFetcher("tests", f.connection(DiscoverySchema::tests, state))
                .dataFetcher("exposures", f.connection(DiscoverySchema::exposures, state))
                .dataFetcher("resources", f.connection(DiscoverySchema::resources, state));
    }

    /**
     * The default data fetcher: a field's value is the view map's entry of the field's name, computed now when it is
     * {@link NodeViews.Deferred}. Trivial (no per-field instrumentation), as graphql-java's own property fetcher.
     */
    private static final class ViewValues implements TrivialDataFetcher<Object> {
        @Override
        public Object get(DataFetchingEnvironment env) throws Exception {
            String name = env.getFieldDefinition().getName();
            if (env.getSource() instanceof Map<?, ?> view) {
                Object v = view.get(name);
                return v instanceof NodeViews.Deferred d ? d.value().get() : v;
            }
            return PropertyDataFetcher.fetching(name).get(env);
        }
    }

    /**
     * Runs one request.
     *
     * @param caller        who asks (decides which environments and jobs exist for the query)
     * @param variables     the request's variables, or null
     * @param operationName the operation to run, or null
     * @return the result; its errors are GraphQL errors, never exceptions
     */
    public ExecutionResult execute(Object caller, String query, @Nullable Map<String, Object> variables,
                                   @Nullable String operationName) {
        return graphQL.execute(ExecutionInput.newExecutionInput().query(query)
                .variables(variables == null ? Map.of() : variables).operationName(operationName)
                .graphQLContext(Map.of(DiscoveryFetchers.CALLER, caller)).build());
    }

    private static DataFetcherExceptionHandler errors() {
        return params -> {
            Throwable e = params.getException();
            String message;
            if (e instanceof DiscoveryException) {
                message = e.getMessage();
            } else {
                LOG.warn("discovery: fetching {} failed", params.getPath(), e);
                message = "internal error while fetching " + params.getPath();
            }
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult()
                    .error(GraphqlErrorBuilder.newError().message(message).path(params.getPath())
                            .location(params.getSourceLocation()).build()).build());
        };
    }

    private static Map<String, Object> filter(DataFetchingEnvironment env) {
        Map<String, Object> f = env.getArgument("filter");
        return f == null ? Map.of() : f;
    }

    private static NodeQuery models(DataFetchingEnvironment env) {
        Map<String, Object> f = filter(env);
        Map<String, Object> sort = env.getArgument("sort");
        boolean byCompleted = sort != null && "executeCompletedAt".equals(sort.get("field"));
        boolean desc = sort != null && "desc".equals(sort.get("direction"));
        return new NodeQuery(List.of("model"), DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("uniqueIds"))),
                DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("tags"))), (String) f.get("database"),
                (String) f.get("schema"), (String) f.get("identifier"), (String) f.get("packageName"),
                (String) f.get("access"), (String) f.get("group"), (String) f.get("modelingLayer"),
                (String) f.get("lastRunStatus"), List.of(), null, null, List.of(), null, byCompleted,
                // queryUsageCount and rowCount are not known to Jade: those sorts keep unique-id order
                byCompleted && desc || "uniqueId".equals(sort == null ? null : sort.get("field")) && desc);
    }

    private static NodeQuery sources(DataFetchingEnvironment env) {
        Map<String, Object> f = filter(env);
        return new NodeQuery(List.of("source"), DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("uniqueIds"))),
                DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("tags"))), (String) f.get("database"),
                (String) f.get("schema"), (String) f.get("identifier"), null, null, null, null, null,
                DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("sourceNames"))),
                (String) f.get("freshnessStatus"), (Boolean) f.get("freshnessChecked"), List.of(), null, false, false);
    }

    private static NodeQuery materialized(DataFetchingEnvironment env, String type) {
        Map<String, Object> f = filter(env);
        return new NodeQuery(List.of(type), DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("uniqueIds"))),
                DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("tags"))), (String) f.get("database"),
                (String) f.get("schema"), (String) f.get("identifier"), null, null, null, null, null, List.of(),
                null, null, List.of(), null, false, false);
    }

    private static NodeQuery tests(DataFetchingEnvironment env) {
        Map<String, Object> f = filter(env);
        return new NodeQuery(List.of("test"), DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("uniqueIds"))),
                DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("tags"))), null, null, null, null, null, null,
                null, (String) f.get("status"), List.of(), null, null,
                DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("testTypes"))), null, false, false);
    }

    /** {@code exposures}: the definition state's ExposureFilter, or the applied state's generic filter. */
    private static NodeQuery exposures(DataFetchingEnvironment env) {
        Map<String, Object> f = filter(env);
        return new NodeQuery(List.of("exposure"), DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("uniqueIds"))),
                DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("tags"))), (String) f.get("database"),
                (String) f.get("schema"), (String) f.get("identifier"), null, null, null, null, null, List.of(), null,
                null, List.of(), (String) f.get("exposureType"), false, false);
    }

    /** {@code macros}: MacroDefinitionFilter ({@code packageName}, {@code uniqueIds}). */
    private static NodeQuery macros(DataFetchingEnvironment env) {
        Map<String, Object> f = filter(env);
        return new NodeQuery(List.of("macro"), DiscoveryFetchers.strings(DiscoveryFetchers.list(f.get("uniqueIds"))),
                List.of(), null, null, null, (String) f.get("packageName"), null, null, null, null, List.of(), null,
                null, List.of(), null, false, false);
    }

    private static NodeQuery resources(DataFetchingEnvironment env) {
        Map<String, Object> f = filter(env);
        return DiscoveryFetchers.withIds(NodeQuery.of(DiscoveryFetchers.types(DiscoveryFetchers.list(f.get("types")))),
                DiscoveryFetchers.list(f.get("uniqueIds")), DiscoveryFetchers.list(f.get("tags")));
    }

    /** dbt's BigInt: a 64-bit integer, sent as a JSON number; accepted as a number or a numeric string. */
    private static GraphQLScalarType bigInt() {
        return GraphQLScalarType.newScalar().name("BigInt").description("A 64-bit integer").coercing(new Coercing<Long, Long>() {
            @Override
            public Long serialize(Object value, GraphQLContext context, Locale locale) {
                if (value instanceof Number n) {
                    return n.longValue();
                }
                throw new CoercingSerializeException("not a BigInt: " + value);
            }

            @Override
            public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                try {
                    if (input instanceof Number n) {
                        return new BigInteger(n.toString()).longValueExact();
                    }
                    if (input instanceof String s) {
                        return Long.parseLong(s.strip());
                    }
                } catch (ArithmeticException | NumberFormatException e) {
                    // fall through
                }
                throw new CoercingParseValueException("not a BigInt: " + input);
            }

            @Override
            public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                     Locale locale) {
                try {
                    if (input instanceof IntValue i) {
                        return i.getValue().longValueExact();
                    }
                    if (input instanceof StringValue s) {
                        return Long.parseLong(s.getValue().strip());
                    }
                } catch (ArithmeticException | NumberFormatException e) {
                    // fall through
                }
                throw new CoercingParseLiteralException("not a BigInt: " + input);
            }
        }).build();
    }

    /** dbt's DateTime: ISO-8601 text with offset (UTC). Output only. */
    private static GraphQLScalarType dateTime() {
        return GraphQLScalarType.newScalar().name("DateTime").description("ISO-8601 date and time")
                .coercing(new Coercing<Object, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof OffsetDateTime t) {
                            return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                        }
                        return String.valueOf(value);
                    }

                    @Override
                    public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                        return String.valueOf(input);
                    }

                    @Override
                    public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                               Locale locale) {
                        if (input instanceof StringValue s) {
                            return s.getValue();
                        }
                        throw new CoercingParseLiteralException("DateTime is text");
                    }
                }).build();
    }

    /** dbt's JSONObject and AnyScalar: any JSON value, answered as is. Output only. */
    private static GraphQLScalarType json(String name) {
        return GraphQLScalarType.newScalar().name(name).description("Any JSON value").coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return value;
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                return input;
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                       Locale locale) {
                throw new CoercingParseLiteralException(name + " is not accepted as an argument");
            }
        }).build();
    }
}
