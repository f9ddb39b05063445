package com.datacoves.jade.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code select} and {@code exclude} of a lineage filter: dbt's node selection syntax (docs/discovery.md, "Lineage
 * selection"), applied to the node definitions of one node set.
 *
 * <p>A selection is criteria separated by spaces (union); a criterion is atoms joined by commas (intersection); an
 * atom is {@code [@][n+]method:value[+n]} or {@code [@][n+]value[+n]}: {@code n+} adds ancestors up to {@code n}
 * generations ({@code +} alone: all), {@code +n} descendants likewise, {@code @} the descendants and all their
 * ancestors. Methods: {@code fqn} (the default for a bare value: the name, or a prefix of the fully qualified name,
 * {@code package.folder.name}), {@code path} and {@code file} (a bare value with a {@code /} or a file extension is
 * a path), {@code tag}, {@code source} ({@code source_name} or {@code source_name.table}), {@code package},
 * {@code resource_type}, {@code config.<key>} (any key of the node's config, nested keys by dots), {@code access},
 * {@code group}, {@code test_type}, {@code test_name}, {@code version}, {@code result}, {@code source_status}
 * ({@code fresher}), {@code state} (against the manifest the set replaced, {@link States}), {@code selector} (a
 * YAML selector of the manifest, by name), and {@code exposure}, {@code metric}, {@code semantic_model},
 * {@code saved_query}, {@code unit_test} by name. Values take {@code *} and
 * {@code ?} wildcards, as dbt's do ({@code result:} compares exactly, as dbt does). The methods that read a node's
 * JSON fields ({@link #readsJson}) need definitions read with them; the others need the plain columns only.
 * {@code result:} and {@code source_status:} compare with the environment's latest results ({@link Results}) where
 * dbt compares with the run_results.json and sources.json of {@code --state}. Graph edges are the nodes' parents
 * ({@code depends_on.nodes}); tests are nodes like others, so {@code model+} includes the model's tests.
 */
final class LineageSelector {

    /** Most atoms a selection may hold: each one is matched against every node of the set. */
    static final int MAX_ATOMS = 100;
    /** Most YAML selectors one selection may go through, one inside another. */
    static final int MAX_DEPTH = 20;

    private static final Pattern ATOM = Pattern.compile("^(@)?(?:(\\d{0,9})\\+)?([^+@]+?)(?:\\+(\\d{0,9}))?$");
    private static final Set<String> NAMED_KINDS = Set.of("exposure", "metric", "semantic_model", "saved_query",
            "unit_test");
    private static final ObjectMapper JSON = ArtifactJson.MAPPER;

    private final Map<String, NodeDefinition> nodes = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, JsonNode> parsed = new IdentityHashMap<>();
    private final Results results;
    private final Map<String, Set<String>> byLastStatus = new HashMap<>();
    @Nullable
    private Set<String> fresher;
    private final Selectors selectors;
    private final States states;
    @Nullable
    private Map<String, NodeState> current;
    @Nullable
    private Map<String, NodeState> baseline;
    /** Macros whose code changed since the baseline, or that call one that did, directly or not. */
    @Nullable
    private Set<String> changedMacros;
    /** Method atoms evaluated by the current {@link #select} call, YAML selectors' included. */
    private int evaluated;

    /**
     * What {@code result:} and {@code source_status:} compare with (docs/discovery.md, "Lineage selection"): the
     * environment's applied state, where dbt reads the run_results.json and sources.json of {@code --state}. A selector
     * asks each question at most once (it serves one request), and only when an atom needs the answer.
     */
    interface Results {
        /**
         * Unique ids whose latest execution ended with a status, as run_results.json spells it ({@code success},
         * {@code error}, {@code skipped}, {@code pass}, {@code fail}, {@code warn}, …).
         */
        Set<String> withLastStatus(String status);

        /**
         * Unique ids of the sources whose latest freshness check found a {@code max_loaded_at}, newer than the check
         * before it found, or with no such earlier value (no earlier check, or one that failed to run).
         */
        Set<String> fresherSources();
    }

    /**
     * What {@code state:} compares (docs/discovery.md, "Lineage selection"): the node set's state digests and those of
     * the manifest it replaced, its baseline. Asked at most once per selector, when an atom needs them.
     */
    interface States {
        /**
         * {@code kept} when the set has a baseline; {@code none} when no earlier manifest of its DAG was extracted;
         * {@code undigested} when the earlier one was extracted before Jade kept digests; null for a set extracted
         * before that.
         */
        @Nullable
        String baselineStatus();

        /** The set's digests by unique id. */
        Map<String, NodeState> current();

        /** The baseline's digests by unique id. */
        Map<String, NodeState> baseline();

        /** Each macro of the set with the macros it calls ({@code depends_on.macros}). */
        Map<String, List<String>> macroCalls();
    }

    /** The YAML selectors of the node set's manifest, for {@code selector:<name>}. */
    interface Selectors {
        /**
         * A selector's definition as dbt wrote it in the manifest (JSON text: a CLI-style string, a
         * {@code method}/{@code value} object, a one-key object, or a {@code union}/{@code intersection}); null when
         * the manifest has no selector of that name.
         */
        @Nullable
        String definition(String name);
    }


    /**
     * Over the definitions of one node set; parents missing from it are ignored.
     *
     * @param results   the environment's latest executions and freshness checks
     * @param selectors the YAML selectors of the node set's manifest
     * @param states    the set's state digests and its baseline's
     */
    LineageSelector(Collection<NodeDefinition> definitions, Results results, Selectors selectors, States states) {
        this.results = results;
        this.selectors = selectors;
        this.states = states;
        for (NodeDefinition d : definitions) {
            nodes.put(d.uniqueId(), d);
        }
        for (NodeDefinition d : definitions) {
            for (String p : d.dependsOn()) {
                if (nodes.containsKey(p)) {
                    children.computeIfAbsent(p, k -> new ArrayList<>()).add(d.uniqueId());
                }
            }
        }
    }

    /**
     * Whether a selection uses a method that reads a node's JSON fields ({@code config} beyond
     * {@code config.materialized}, {@code test_metadata}), or a YAML selector (which may): its definitions must then
     * be read with those fields.
     *
     * @param selection dbt selection syntax, or null
     */
    static boolean readsJson(@Nullable String selection) {
        if (selection == null) {
            return false;
        }
        for (String atom : selection.trim().split("[\\s,]+")) {
            Matcher m = ATOM.matcher(atom);
            String spec = m.matches() ? m.group(3) : atom;
            int colon = spec.indexOf(':');
            String method = colon < 0 ? "" : spec.substring(0, colon).toLowerCase(Locale.ROOT);
            // a YAML selector may use any method
            if (method.equals("test_type") || method.equals("test_name") || method.equals("selector")
                    || method.startsWith("config.") && !method.equals("config.materialized")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The unique ids a selection picks.
     *
     * @param selection dbt selection syntax, e.g. {@code +customers tag:nightly,config.materialized:table}
     * @throws DiscoveryException for an atom that is not dbt's syntax, a method Jade does not support, or more than
     *                            {@value #MAX_ATOMS} atoms
     */
    Set<String> select(String selection) {
        String[] criteria = selection.trim().split("\\s+");
        int atoms = 0;
        for (String criterion : criteria) {
            atoms += criterion.split(",").length;
        }
        if (atoms > MAX_ATOMS) {
            throw new DiscoveryException("a selector has at most " + MAX_ATOMS + " atoms (this one has " + atoms + ")");
        }
        evaluated = 0;
        Set<String> out = new LinkedHashSet<>();
        for (String criterion : criteria) {
            if (criterion.isEmpty()) {
                continue;
            }
            Set<String> picked = null;
            for (String atom : criterion.split(",")) {
                Set<String> one = atom(atom, new ArrayDeque<>());
                if (picked == null) {
                    picked = one;
                } else {
                    picked.retainAll(one);
                }
            }
            if (picked != null) {
                out.addAll(picked);
            }
        }
        return out;
    }

    /** One atom: CLI syntax, or a CLI-style string inside a YAML selector ({@code using}: the selectors expanding). */
    private Set<String> atom(String atom, Deque<String> using) {
        Matcher m = ATOM.matcher(atom);
        if (atom.isEmpty() || !m.matches()) {
            throw new DiscoveryException("invalid selector: " + atom);
        }
        boolean at = m.group(1) != null;
        String up = m.group(2);
        String down = m.group(4);
        if (at && (up != null || down != null)) {
            throw new DiscoveryException("invalid selector: " + atom + " (@ takes no + operators)");
        }
        return expand(seeds(m.group(3), using), at,
                up == null ? null : up.isEmpty() ? -1 : Integer.parseInt(up),
                down == null ? null : down.isEmpty() ? -1 : Integer.parseInt(down));
    }

    /** The nodes a {@code method:value} (or bare value) matches, before graph operators. */
    private Set<String> seeds(String spec, Deque<String> using) {
        if (++evaluated > MAX_ATOMS) {
            throw new DiscoveryException("a selector has at most " + MAX_ATOMS + " atoms (with its YAML selectors)");
        }
        int colon = spec.indexOf(':');
        if (colon > 0 && spec.substring(0, colon).equalsIgnoreCase("selector")) {
            return named(spec.substring(colon + 1), using);
        }
        Predicate<NodeDefinition> matches = method(spec);
        Set<String> seeds = new LinkedHashSet<>();
        nodes.values().stream().filter(matches).forEach(d -> seeds.add(d.uniqueId()));
        return seeds;
    }

    /**
     * The seeds with dbt's graph operators: {@code at} ({@code @}: the descendants and all their ancestors), else
     * ancestors up to {@code up} generations and descendants down to {@code down} (null: none, -1: all).
     */
    private Set<String> expand(Set<String> seeds, boolean at, @Nullable Integer up, @Nullable Integer down) {
        Set<String> out = new LinkedHashSet<>(seeds);
        if (at) {
            Set<String> descendants = walk(seeds, -1, false);
            out.addAll(descendants);
            Set<String> roots = new LinkedHashSet<>(seeds);
            roots.addAll(descendants);
            out.addAll(walk(roots, -1, true));
            return out;
        }
        if (up != null) {
            out.addAll(walk(seeds, up, true));
        }
        if (down != null) {
            out.addAll(walk(seeds, down, false));
        }
        return out;
    }

    /** A YAML selector of the manifest by name ({@code selector:<name>}). */
    private Set<String> named(String name, Deque<String> using) {
        if (using.contains(name)) {
            throw new DiscoveryException("invalid selector: selector:" + name + " uses itself");
        }
        if (using.size() >= MAX_DEPTH) {
            throw new DiscoveryException("invalid selector: selector:" + name + " (nested deeper than " + MAX_DEPTH
                    + ")");
        }
        String text = selectors.definition(name);
        if (text == null) {
            throw new DiscoveryException("invalid selector: selector:" + name + " (the manifest has no such selector)");
        }
        JsonNode definition;
        try {
            definition = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DiscoveryException("invalid selector: selector:" + name + " (its definition is not JSON)");
        }
        using.push(name);
        try {
            return definition(definition, name, using);
        } finally {
            using.pop();
        }
    }

    /**
     * A YAML selector definition, as dbt reads selectors.yml: a CLI-style string (one atom); {@code union} or
     * {@code intersection} of definitions, one of which may be {@code {exclude: [definitions]}}, subtracted from the
     * rest; {@code {method, value}} with {@code parents}, {@code parents_depth}, {@code children},
     * {@code children_depth}, {@code childrens_parents} and {@code exclude}; or a one-key {@code {<method>: value}}.
     * {@code indirect_selection} only changes which tests dbt runs, not the nodes a selection names; it is ignored.
     */
    private Set<String> definition(JsonNode d, String name, Deque<String> using) {
        if (d.isTextual()) {
            return atom(d.asText().trim(), using);
        }
        if (!d.isObject()) {
            throw invalid(name, "a definition is a text or an object");
        }
        if (d.has("union") || d.has("intersection")) {
            boolean union = d.has("union");
            JsonNode parts = d.get(union ? "union" : "intersection");
            if (!parts.isArray()) {
                throw invalid(name, (union ? "union" : "intersection") + " takes a list");
            }
            Set<String> out = null;
            Set<String> excluded = null;
            for (JsonNode part : parts) {
                if (part.isObject() && part.has("exclude")) {
                    if (excluded != null) {
                        throw invalid(name, "one exclude per union or intersection");
                    }
                    excluded = exclusions(part.get("exclude"), name, using);
                    continue;
                }
                Set<String> one = definition(part, name, using);
                if (out == null) {
                    out = new LinkedHashSet<>(one);
                } else if (union) {
                    out.addAll(one);
                } else {
                    out.retainAll(one);
                }
            }
            out = out == null ? new LinkedHashSet<>() : out;
            if (excluded != null) {
                out.removeAll(excluded);
            }
            return out;
        }
        String method;
        JsonNode value;
        if (d.has("method") && d.has("value")) {
            method = d.get("method").asText();
            value = d.get("value");
        } else if (d.size() == 1) {
            method = d.fieldNames().next();
            value = d.get(method);
        } else {
            throw invalid(name, "expected one key, or method and value");
        }
        if (!value.isValueNode() || value.isNull()) {
            throw invalid(name, "the value of " + method + " is a text, number or boolean");
        }
        Set<String> seeds = seeds(method + ":" + value.asText(), using);
        boolean at = d.path("childrens_parents").asBoolean(false);
        Integer up = depth(d, "parents", name);
        Integer down = depth(d, "children", name);
        Set<String> out = expand(seeds, at, at ? null : up, at ? null : down);
        if (d.has("exclude") && d.has("method")) {
            out.removeAll(exclusions(d.get("exclude"), name, using));
        }
        return out;
    }

    /** The union of an {@code exclude} list's definitions. */
    private Set<String> exclusions(JsonNode list, String name, Deque<String> using) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode d : list.isArray() ? list : JSON.createArrayNode().add(list)) {
            out.addAll(definition(d, name, using));
        }
        return out;
    }

    /** {@code parents}/{@code children} (true: all generations) and their {@code _depth}; null when neither. */
    @Nullable
    private static Integer depth(JsonNode d, String direction, String name) {
        JsonNode depth = d.get(direction + "_depth");
        if (depth != null && !depth.isNull()) {
            if (!depth.canConvertToInt() || depth.asInt() < 0) {
                throw invalid(name, direction + "_depth is a whole number");
            }
            return depth.asInt();
        }
        return d.path(direction).asBoolean(false) ? -1 : null;
    }

    private static DiscoveryException invalid(String name, String why) {
        return new DiscoveryException("invalid selector: selector:" + name + " (" + why + ")");
    }

    /** Ancestors ({@code up}) or descendants of the seeds, at most {@code depth} generations (-1: all). */
    private Set<String> walk(Set<String> seeds, int depth, boolean up) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> frontier = new ArrayDeque<>(seeds);
        for (int generation = 0; !frontier.isEmpty() && (depth < 0 || generation < depth); generation++) {
            Deque<String> next = new ArrayDeque<>();
            for (String id : frontier) {
                List<String> edges = up ? (nodes.containsKey(id) ? nodes.get(id).dependsOn() : List.of())
                        : children.getOrDefault(id, List.of());
                for (String e : edges) {
                    if (nodes.containsKey(e) && seen.add(e)) {
                        next.add(e);
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }

    private Predicate<NodeDefinition> method(String spec) {
        int colon = spec.indexOf(':');
        String method = colon < 0 ? null : spec.substring(0, colon).toLowerCase(Locale.ROOT);
        String configKey = method != null && method.startsWith("config.") ? spec.substring("config.".length(), colon)
                : null;
        String value = colon < 0 ? spec : spec.substring(colon + 1);
        if (value.isEmpty()) {
            throw new DiscoveryException("invalid selector: " + spec + " (no value)");
        }
        if (method == null) {
            method = value.contains("/") || value.matches(".*\\.(sql|py|csv|yml|yaml)$") ? "path" : "fqn";
        }
        Pattern v = glob(value);
        return switch (method) {
            case "fqn" -> fqn(value);
            case "path" -> d -> d.filePath() != null && (v.matcher(d.filePath()).matches()
                    || d.filePath().startsWith(value.endsWith("/") ? value : value + "/"));
            case "file" -> d -> d.filePath() != null
                    && v.matcher(d.filePath().substring(d.filePath().lastIndexOf('/') + 1)).matches();
            case "tag" -> d -> d.tags().stream().anyMatch(t -> v.matcher(t).matches());
            case "package" -> d -> matches(v, d.packageName());
            case "resource_type" -> d -> matches(v, d.resourceType());
            case "config.materialized" -> d -> matches(v, d.materializedType());
            case "access" -> d -> matches(v, d.access());
            case "group" -> d -> matches(v, d.group());
            case "source" -> source(value);
            case "test_type" -> testType(value);
            case "test_name" -> d -> d.resourceType().equals("test") && matches(v, testName(d));
            case "version" -> version(value);
            case "result" -> {
                Set<String> ids = byLastStatus.computeIfAbsent(value, results::withLastStatus);
                yield d -> ids.contains(d.uniqueId());
            }
            case "source_status" -> {
                if (!value.equals("fresher")) {
                    throw new DiscoveryException("invalid selector: source_status:" + value + " (expected fresher)");
                }
                if (fresher == null) {
                    fresher = results.fresherSources();
                }
                Set<String> ids = fresher;
                yield d -> d.resourceType().equals("source") && ids.contains(d.uniqueId());
            }
            case "state" -> state(value);
            default -> {
                if (configKey != null) {
                    yield config(configKey, value);
                }
                if (!NAMED_KINDS.contains(method)) {
                    throw new DiscoveryException("unsupported selector method: " + method);
                }
                String kind = method;
                yield d -> d.resourceType().equals(kind) && matches(v, d.name());
            }
        };
    }

    /** The values dbt's state method takes. */
    private static final List<String> STATE_VALUES = List.of("new", "old", "modified", "unmodified", "modified.body",
            "modified.configs", "modified.relation", "modified.persisted_descriptions", "modified.macros",
            "modified.contract");

    /**
     * dbt's state method, comparing each node with its definition in the baseline (the manifest the node set
     * replaced): {@code new} (absent from it), {@code old} (present), {@code modified} (new, or any aspect of
     * {@link NodeState#content()} changed, or a macro it uses), {@code unmodified} (the others), and
     * {@code modified.<aspect>} for one aspect (a new node counts when its kind has the aspect). Macros and groups are
     * never selected, as in dbt.
     *
     * @throws DiscoveryException for another value, or when the set has no baseline
     */
    private Predicate<NodeDefinition> state(String value) {
        if (!STATE_VALUES.contains(value)) {
            throw new DiscoveryException("invalid selector: state:" + value + " (expected "
                    + String.join(", ", STATE_VALUES) + ")");
        }
        if (current == null) {
            String status = states.baselineStatus();
            if (!"kept".equals(status)) {
                throw new DiscoveryException("invalid selector: state:" + value + " (" + ("none".equals(status)
                        ? "no earlier manifest of this DAG to compare with"
                        : "the earlier manifest of this DAG was extracted before Jade kept what state: compares;"
                        + " the DAG's next manifest can be compared") + ")");
            }
            current = states.current();
            baseline = states.baseline();
        }
        Map<String, NodeState> now = current;
        Map<String, NodeState> before = baseline;
        return d -> {
            NodeState mine = now.get(d.uniqueId());
            if (mine == null || d.resourceType().equals("macro") || d.resourceType().equals("group")) {
                return false;
            }
            NodeState old = before.get(d.uniqueId());
            return switch (value) {
                case "new" -> old == null;
                case "old" -> old != null;
                case "modified" -> modified(d, mine, old);
                case "unmodified" -> !modified(d, mine, old);
                case "modified.body" -> differs(mine, old, NodeState::body);
                case "modified.configs" -> differs(mine, old, NodeState::configs);
                case "modified.relation" -> differs(mine, old, NodeState::relation);
                case "modified.persisted_descriptions" -> differs(mine, old, NodeState::descriptions);
                case "modified.contract" -> differs(mine, old, NodeState::contract);
                default -> usesChangedMacro(d);
            };
        };
    }

    private boolean modified(NodeDefinition d, NodeState mine, @Nullable NodeState old) {
        return old == null || old.content() != mine.content() || usesChangedMacro(d);
    }

    /** An aspect changed: the node's kind has it, and the node is new or its digest differs. */
    private static boolean differs(NodeState mine, @Nullable NodeState old,
                                   Function<NodeState, Long> aspect) {
        Long digest = aspect.apply(mine);
        return digest != null && (old == null || !digest.equals(aspect.apply(old)));
    }

    /** Whether a node uses, directly or through other macros, a macro that changed since the baseline. */
    private boolean usesChangedMacro(NodeDefinition d) {
        if (changedMacros == null) {
            changedMacros = changedMacros();
        }
        for (String macro : d.dependsOnMacros()) {
            if (changedMacros.contains(macro)) {
                return true;
            }
        }
        return false;
    }

    /**
     * dbt's modified macros: those of the set that are new or whose code differs from the baseline's (a macro the
     * baseline had and the set has not changed too, but no node of the set can use it), with every macro that calls
     * one of them, directly or not.
     */
    private Set<String> changedMacros() {
        Map<String, List<String>> calls = states.macroCalls();
        Map<String, List<String>> callers = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        for (Map.Entry<String, List<String>> e : calls.entrySet()) {
            NodeState mine = current.get(e.getKey());
            NodeState old = baseline.get(e.getKey());
            if (old == null || mine == null || old.content() != mine.content()) {
                todo.add(e.getKey());
            }
            for (String callee : e.getValue()) {
                callers.computeIfAbsent(callee, k -> new ArrayList<>()).add(e.getKey());
            }
        }
        Set<String> changed = new HashSet<>(todo);
        while (!todo.isEmpty()) {
            for (String caller : callers.getOrDefault(todo.poll(), List.of())) {
                if (changed.add(caller)) {
                    todo.add(caller);
                }
            }
        }
        return changed;
    }

    /**
     * dbt's test_type method: {@code generic} (or {@code schema}, its former name) tests with test metadata,
     * {@code singular} tests without, {@code data} both; {@code unit} unit tests (Jade extracts none).
     */
    private Predicate<NodeDefinition> testType(String value) {
        return switch (value) {
            case "generic", "schema" -> d -> d.resourceType().equals("test") && generic(d);
            case "singular" -> d -> d.resourceType().equals("test") && !generic(d);
            case "data" -> d -> d.resourceType().equals("test");
            case "unit" -> d -> d.resourceType().equals("unit_test");
            default -> throw new DiscoveryException("invalid selector: test_type:" + value
                    + " (expected generic, singular, unit or data)");
        };
    }

    /** A generic test has test metadata (an object; a singular test has none, or JSON null). */
    private boolean generic(NodeDefinition d) {
        return json(d.testMetadataJson()).isObject();
    }

    /** A generic test's name ({@code test_metadata.name}: unique, not_null, …); null for a singular test. */
    @Nullable
    private String testName(NodeDefinition d) {
        JsonNode name = json(d.testMetadataJson()).path("name");
        return name.isTextual() ? name.asText() : null;
    }

    /**
     * dbt's version method, on models: {@code latest} (the version is the latest one), {@code prerelease} (above
     * the latest), {@code old} (below it), {@code none} (an unversioned model). Versions compare as numbers when both
     * are numbers, else as text.
     */
    private static Predicate<NodeDefinition> version(String value) {
        if (!Set.of("latest", "prerelease", "old", "none").contains(value)) {
            throw new DiscoveryException("invalid selector: version:" + value
                    + " (expected latest, prerelease, old or none)");
        }
        return d -> {
            if (!d.resourceType().equals("model")) {
                return false;
            }
            if (value.equals("none")) {
                return d.version() == null;
            }
            if (d.version() == null || d.latestVersion() == null) {
                return false;
            }
            int c = compareVersions(d.version(), d.latestVersion());
            return value.equals("latest") ? c == 0 : value.equals("prerelease") ? c > 0 : c < 0;
        };
    }

    private static int compareVersions(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException notNumbers) {
            return a.compareTo(b);
        }
    }

    /**
     * dbt's config method: the node's config value at a key ({@code schema}, {@code meta.owner}) matches — a text,
     * number or boolean ({@code true}/{@code false}) by its text, a list when one of its items does.
     */
    private Predicate<NodeDefinition> config(String key, String value) {
        String[] path = key.split("\\.");
        Pattern v = glob(value);
        return d -> {
            JsonNode found = json(d.configJson());
            for (String part : path) {
                found = found.path(part);
            }
            if (found.isArray()) {
                for (JsonNode item : found) {
                    if (configMatches(item, value, v)) {
                        return true;
                    }
                }
                return false;
            }
            return configMatches(found, value, v);
        };
    }

    private static boolean configMatches(JsonNode found, String value, Pattern v) {
        if (found.isBoolean()) {
            return value.equalsIgnoreCase(found.asText());
        }
        return (found.isTextual() || found.isNumber()) && v.matcher(found.asText()).matches();
    }

    /** A JSON field of a node, parsed once per selection (every atom scans every node). */
    private JsonNode json(@Nullable String text) {
        if (text == null) {
            return MissingNode.getInstance();
        }
        return parsed.computeIfAbsent(text, t -> {
            try {
                return JSON.readTree(t);
            } catch (JsonProcessingException e) {
                return MissingNode.getInstance();
            }
        });
    }

    /** dbt's fqn method: the node's name, or the parts of its fully qualified name from the start. */
    private static Predicate<NodeDefinition> fqn(String value) {
        List<Pattern> parts = new ArrayList<>();
        for (String part : value.split("\\.")) {
            parts.add(glob(part));
        }
        return d -> {
            if (parts.size() == 1 && matches(parts.get(0), d.name())) {
                return true;
            }
            List<String> fqn = d.fqn();
            if (fqn.size() < parts.size()) {
                return false;
            }
            for (int i = 0; i < parts.size(); i++) {
                if (!parts.get(i).matcher(fqn.get(i)).matches()) {
                    return false;
                }
            }
            return true;
        };
    }

    /** dbt's source method: {@code source_name} or {@code source_name.table}. */
    private static Predicate<NodeDefinition> source(String value) {
        int dot = value.indexOf('.');
        Pattern name = glob(dot < 0 ? value : value.substring(0, dot));
        Pattern table = dot < 0 ? null : glob(value.substring(dot + 1));
        return d -> d.resourceType().equals("source") && matches(name, d.sourceName())
                && (table == null || matches(table, d.name()));
    }

    private static boolean matches(Pattern p, @Nullable String text) {
        return text != null && p.matcher(text).matches();
    }

    /** A dbt (fnmatch) pattern: {@code *} any text, {@code ?} one character, everything else literal. */
    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
