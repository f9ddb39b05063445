package com.datacoves.jade.index;

import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: which live replica owns an environment. Every replica computes the
 * same owner from the same list, and when a replica joins or leaves only the environments it gains or loses move.
 */
final class Rendezvous {

    private Rendezvous() {
    }

    /** The member with the highest weight for {@code environmentId}; null when there is no member. */
    static String owner(List<String> members, long environmentId) {
        String best = null;
        long bestWeight = Long.MIN_VALUE;
        for (String m : members) {
            long w = mix(m.hashCode() * 0x9E3779B97F4A7C15L ^ environmentId);
            if (best == null || w > bestWeight) {
                best = m;
                bestWeight = w;
            }
        }
        return best;
    }

    /** The finaliser of SplittableRandom (Stafford's mix 13): spreads close inputs over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
