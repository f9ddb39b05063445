package com.datacoves.jade.discovery;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.discovery.DiscoveryQueryRepository.Detail;
import com.datacoves.jade.index.JobRow;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * The rules of dbt Cloud's data health tile (docs/discovery.md, "Data health tile"): which exposure a tile URL names,
 * and its health from the environment's applied state.
 */
@Singleton
public class ExposureTileService {

    /** Latest statuses of a freshness check that make a source stale. */
    private static final Set<String> STALE = Set.of("warn", "error", "runtime error");
    /** Latest test results that degrade data quality. */
    private static final Set<String> FAILED_TEST = Set.of("fail", "error");
    /** Kinds whose failed build degrades data quality. */
    private static final Set<String> BUILT = Set.of("model", "seed", "snapshot");

    private final DiscoveryAccess access;
    private final DiscoveryQueryRepository nodes;

    /** The caller's reach and node reads. */
    public ExposureTileService(DiscoveryAccess access, DiscoveryQueryRepository nodes) {
        this.access = access;
        this.nodes = nodes;
    }

    /**
     * What a tile URL names, in either of dbt Cloud's two forms: {@code uniqueId} and {@code environmentId} (the
     * environment-based tile), or {@code name} and {@code jobId} (the older job-based tile).
     *
     * @param uniqueId      the exposure's unique id, e.g. {@code exposure.jaffle_shop.weekly_kpis}
     * @param environmentId the dbt Cloud environment id
     * @param name          the exposure's name
     * @param jobId         a dbt Cloud job of the environment
     */
    public record TileQuery(@Nullable String uniqueId, @Nullable Long environmentId, @Nullable String name,
                            @Nullable Long jobId) {
    }

    /**
     * The health of the exposure a tile names.
     *
     * @throws InvalidInputException when the query names neither {@code uniqueId} and {@code environmentId} nor
     *                               {@code name} and {@code jobId}
     * @throws NotFoundException     when the environment, job or exposure does not exist, or the caller does not reach
     *                               it (answered alike), or the environment has no stored manifest yet
     */
    public ExposureHealth health(Caller caller, TileQuery q) {
        long environmentId;
        NodeSetRow set;
        NodeDefinition exposure;
        if (q.uniqueId() != null && q.environmentId() != null) {
            EnvironmentRow environment = access.environment(caller, q.environmentId())
                    .orElseThrow(() -> new NotFoundException("environment not found"));
            environmentId = environment.id();
            set = nodes.appliedSet(environmentId).orElseThrow(() -> new NotFoundException("exposure not found"));
            exposure = nodes.byIds(set, environmentId, null, List.of(q.uniqueId()), Detail.DEFINITION).stream()
                    .map(NodeRow::definition).filter(d -> d.resourceType().equals("exposure")).findFirst()
                    .orElseThrow(() -> new NotFoundException("exposure not found"));
        } else if (q.name() != null && q.jobId() != null) {
            JobRow job = access.job(caller, q.jobId()).orElseThrow(() -> new NotFoundException("job not found"));
            environmentId = job.environmentId();
            set = nodes.dagSet(environmentId, job.dagId()).or(() -> nodes.appliedSet(job.environmentId()))
                    .orElseThrow(() -> new NotFoundException("exposure not found"));
            exposure = nodes.all(set, environmentId, null, NodeQuery.of(List.of("exposure")), Detail.DEFINITION)
                    .stream().map(NodeRow::definition).filter(d -> q.name().equals(d.name())).findFirst()
                    .orElseThrow(() -> new NotFoundException("exposure not found"));
        } else {
            throw new InvalidInputException("an exposure tile needs uniqueId and environmentId, or name and jobId");
        }
        return health(set, environmentId, exposure);
    }

    private ExposureHealth health(NodeSetRow set, long environmentId, NodeDefinition exposure) {
        List<String> upstream = nodes.ancestorIds(set, List.of(exposure.uniqueId()))
                .getOrDefault(exposure.uniqueId(), List.of());
        int sources = 0;
        int checked = 0;
        int stale = 0;
        int buildsFailed = 0;
        OffsetDateTime last = null;
        for (NodeRow r : nodes.byIds(set, environmentId, null, upstream, Detail.FULL)) {
            String kind = r.definition().resourceType();
            if (kind.equals("source")) {
                sources++;
                if (r.freshness() != null) {
                    checked++;
                    stale += STALE.contains(r.freshness().status()) ? 1 : 0;
                    last = newest(last, r.freshness().generatedAt());
                }
            } else if (BUILT.contains(kind) && r.execution() != null) {
                buildsFailed += "error".equals(r.execution().lastStatus()) ? 1 : 0;
                last = newest(last, r.execution().lastGeneratedAt());
            }
        }
        int tests = 0;
        int testsRun = 0;
        int testsFailed = 0;
        for (NodeRow r : nodes.childrenOf(set, environmentId, null, upstream, Detail.FULL)) {
            if (!r.definition().resourceType().equals("test")) {
                continue;
            }
            tests++;
            if (r.execution() != null && r.execution().lastStatus() != null) {
                testsRun++;
                testsFailed += FAILED_TEST.contains(r.execution().lastStatus()) ? 1 : 0;
                last = newest(last, r.execution().lastGeneratedAt());
            }
        }
        com.fasterxml.jackson.databind.JsonNode details = ArtifactJson.tree(exposure.detailsJson());
        String label = details == null ? null : ArtifactJson.text(details, "label");
        return new ExposureHealth(exposure.uniqueId(), label != null ? label : String.valueOf(exposure.name()),
                details == null ? null : ArtifactJson.text(details, "url"), sources, checked, stale, tests, testsRun,
                testsFailed, buildsFailed, last);
    }

    @Nullable
    private static OffsetDateTime newest(@Nullable OffsetDateTime a, @Nullable OffsetDateTime b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
