package com.datacoves.jade.index;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica that shuts down hands its environments to the others at once (docs/index.md, "Coordination"): a second
 * Jade is started on this test's databases, takes part in the index, and is stopped; by the time its stop returns its
 * replica row and its leases are gone, so the other replicas need not wait for the lease to lapse.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShutdownHandOverTest extends JadeTest {

    private Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        properties = super.getProperties();
        return properties;
    }

    @Test
    void aStoppingReplicaLeavesAtOnce() throws Exception {
        Map<String, Object> second = new HashMap<>(properties);
        String replica;
        try (ApplicationContext other = ApplicationContext.run(second)) {
            replica = other.getBean(IndexScheduler.class).replicaId();
            // it is live: its heartbeat wrote its row, and its passes held leases
            long deadline = System.currentTimeMillis() + 60_000;
            while (count("SELECT count(*) FROM index_replica WHERE replica_id = ?", replica) == 0) {
                assertTrue(System.currentTimeMillis() < deadline, "the second replica never sent its heartbeat");
                Thread.sleep(100);
            }
        }
        assertEquals(0, count("SELECT count(*) FROM index_replica WHERE replica_id = ?", replica));
        assertEquals(0, count("SELECT count(*) FROM index_environment WHERE lease_owner = ?", replica));
    }

    private int count(String sql, String replica) throws Exception {
        try (Connection c = database("jade"); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, replica);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
