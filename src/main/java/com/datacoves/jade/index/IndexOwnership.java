package com.datacoves.jade.index;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which live replica owns each environment's index passes: rendezvous (highest random weight) hashing, so every
 * replica that sees the same live replicas computes the same owners, and when a replica joins or leaves only the
 * environments it gains or loses move (docs/index.md, "Coordination"). The weight of (replica, environment) is the
 * first 8 bytes of SHA-256 of {@code replica_id + ":" + environment_id}; ties (never seen) go to the smaller replica id.
 *
 * @param replicas the live replicas' ids (heartbeat younger than the lease), in any order
 */
public record IndexOwnership(List<String> replicas) {

    /** Copies the list. */
    public IndexOwnership {
        replicas = List.copyOf(replicas);
    }

    /** The owner of the environment, or null when no replica is live. */
    public String owner(long environmentId) {
        String best = null;
        long bestWeight = 0;
        for (String replica : replicas) {
            long w = weight(replica, environmentId);
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0
                    || (w == bestWeight && replica.compareTo(best) < 0)) {
                best = replica;
                bestWeight = w;
            }
        }
        return best;
    }

    /** The environments among these that the replica owns. */
    public Set<Long> ownedBy(String replicaId, Collection<Long> environmentIds) {
        Set<Long> out = new HashSet<>();
        for (Long id : environmentIds) {
            if (replicaId.equals(owner(id))) {
                out.add(id);
            }
        }
        return out;
    }

    private static long weight(String replicaId, long environmentId) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] digest = sha.digest((replicaId + ":" + environmentId).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }
}
