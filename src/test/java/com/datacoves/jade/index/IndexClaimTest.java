package com.datacoves.jade.index;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which due environments a replica claims (docs/index.md, "Coordination"), on Jade's real coordination tables with
 * two live replicas {@code a} and {@code b} written as their heartbeats write them. Background passes are off, so
 * only the claims made here touch the tables; the environments are made-up ids that no Datacoves row names.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexClaimTest extends JadeTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration MAX_LAG = Duration.ofSeconds(4);
    private static final List<Long> ENVIRONMENTS = List.of(9001L, 9002L, 9003L, 9004L, 9005L, 9006L, 9007L, 9008L,
            9009L, 9010L, 9011L, 9012L);

    @Inject
    IndexStateRepository states;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.index.background", "false");
    }

    @BeforeEach
    void twoLiveReplicasAndTwelveDueEnvironments() throws Exception {
        execute("jade", "DELETE FROM index_environment", "DELETE FROM index_replica",
                "INSERT INTO index_replica (replica_id) VALUES ('a'), ('b')");
        states.sync(ENVIRONMENTS);
    }

    @Test
    void aReplicaClaimsOnlyWhatItOwnsWhileTheOwnersKeepUp() throws Exception {
        Set<Long> ownedByA = ownedBy("a");
        assertTrue(!ownedByA.isEmpty() && ownedByA.size() < ENVIRONMENTS.size(),
                "rendezvous hashing gives each of two replicas a share: " + ownedByA);
        assertEquals(ownedByA, claimed("a", 100), "a claims its own share, not b's");
        assertEquals(complement(ownedByA), claimed("b", 100), "b claims the rest");
        assertEquals(Set.of(), claimed("a", 100), "claimed environments are not claimed twice");
    }

    @Test
    void overdueEnvironmentsOfALiveOwnerAreTakenOnlyWithSpareWorkers() throws Exception {
        Set<Long> ownedByA = ownedBy("a");
        Set<Long> ownedByB = complement(ownedByA);
        // b is behind: all its environments overdue by more than the max lag; a's own are just due
        execute("jade", "UPDATE index_environment SET next_pass_at = now() - interval '10 seconds' WHERE environment_id = ANY('"
                + array(ownedByB) + "')");
        assertEquals(ownedByA, claimed("a", ownedByA.size()),
                "with no spare worker, a runs its own environments and leaves b's to b, however overdue");
        Set<Long> stolen = claimed("a", 100);
        assertEquals(ownedByB, stolen, "with spare workers, a helps with b's overdue environments");
    }

    @Test
    void dueButNotOverdueEnvironmentsOfALiveOwnerAreLeftToIt() throws Exception {
        Set<Long> ownedByA = ownedBy("a");
        assertEquals(ownedByA, claimed("a", 100));
        assertEquals(Set.of(), claimed("a", 100), "b's environments are due, not overdue: a waits");
    }

    @Test
    void aReplicaWhoseHeartbeatStoppedLosesItsShare() throws Exception {
        Set<Long> ownedByB = complement(ownedBy("a"));
        execute("jade", "UPDATE index_replica SET heartbeat_at = now() - interval '1 minute' WHERE replica_id = 'b'");
        assertEquals(new TreeSet<>(ENVIRONMENTS), claimed("a", 100), "b is gone: a owns everything, at once");
        assertTrue(!ownedByB.isEmpty());
    }

    /**
     * The replica's heartbeat (which names the live replicas), its ownership recorded and then its claim, as the
     * scheduler does them.
     */
    private Set<Long> claimed(String replica, int limit) {
        states.own(replica, new IndexOwnership(states.heartbeat(replica, LEASE)).ownedBy(replica, ENVIRONMENTS));
        return states.claimDue(replica, limit, LEASE, MAX_LAG).stream().map(IndexState::environmentId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The environments the replica owns among the replicas live now. */
    private Set<Long> ownedBy(String replica) throws Exception {
        List<String> live = new java.util.ArrayList<>();
        try (Connection c = database("jade"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT replica_id FROM index_replica WHERE heartbeat_at > now() - interval '3 seconds'")) {
            while (rs.next()) {
                live.add(rs.getString(1));
            }
        }
        return new TreeSet<>(new IndexOwnership(live).ownedBy(replica, ENVIRONMENTS));
    }

    private static Set<Long> complement(Set<Long> ids) {
        Set<Long> out = new TreeSet<>(ENVIRONMENTS);
        out.removeAll(ids);
        return out;
    }

    private static String array(Set<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
