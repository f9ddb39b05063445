package com.datacoves.jade.index;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rendezvous hashing of environments over live replicas ({@link IndexOwnership}; docs/index.md, "Coordination"). */
class IndexOwnershipTest {

    private static final List<Long> ENVIRONMENTS = LongStream.rangeClosed(1, 3000).boxed().toList();

    @Test
    void everyReplicaComputesTheSameOwnersWhateverTheOrderItListsThem() {
        IndexOwnership one = new IndexOwnership(List.of("a", "b", "c"));
        IndexOwnership other = new IndexOwnership(List.of("c", "a", "b"));
        for (long env : ENVIRONMENTS) {
            assertEquals(one.owner(env), other.owner(env));
        }
    }

    @Test
    void sharesAreEvenAndOnlyTheLeaversShareMoves() {
        IndexOwnership three = new IndexOwnership(List.of("a", "b", "c"));
        Map<String, Integer> shares = new HashMap<>();
        ENVIRONMENTS.forEach(env -> shares.merge(three.owner(env), 1, Integer::sum));
        shares.values().forEach(n -> assertTrue(n > 850 && n < 1150, "about a third each: " + shares));

        IndexOwnership withoutC = new IndexOwnership(List.of("a", "b"));
        for (long env : ENVIRONMENTS) {
            if (!three.owner(env).equals("c")) {
                assertEquals(three.owner(env), withoutC.owner(env), "environment " + env + " stays where it was");
            }
        }
        IndexOwnership withD = new IndexOwnership(List.of("a", "b", "c", "d"));
        for (long env : ENVIRONMENTS) {
            String now = withD.owner(env);
            assertTrue(now.equals(three.owner(env)) || now.equals("d"), "moves only to the newcomer");
        }
    }

    @Test
    void noLiveReplicaOwnsNothing() {
        assertNull(new IndexOwnership(List.of()).owner(1));
        assertEquals(java.util.Set.of(), new IndexOwnership(List.of()).ownedBy("a", ENVIRONMENTS));
    }
}
