package com.datacoves.jade.database;

import com.datacoves.jade.demo.PostgresServer;
import com.datacoves.jade.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Released migrations never change (docs/architecture.md, "Migrations"): Flyway refuses to start on a database whose
 * applied migrations have another checksum than the files Jade carries. This pins the checksum Flyway computes for
 * each released migration — the value every database that applied it holds in {@code flyway_schema_history} — so an
 * edit (comments included) that would stop deployed databases, or a rollback, from starting fails here. A migration
 * is added to the table when it is released.
 */
class MigrationChecksumTest {

    /** Version → checksum recorded by databases that applied it. */
    private static final Map<String, Integer> RELEASED = Map.ofEntries(
            entry("1", -145863733), entry("10", -857675345), entry("20", -530112490), entry("21", -169733432),
            entry("30", -453831717), entry("31", 149096715), entry("40", -970082014), entry("41", -2129949471),
            entry("50", 339905391), entry("51", -1192636845), entry("52", 746830127), entry("53", -2110032499),
            entry("54", 381721270), entry("55", -629640350), entry("56", 992244353),
            entry("57", -1892537616));

    @Test
    void releasedMigrationsKeepTheChecksumsDeployedDatabasesHold() throws Exception {
        PostgresServer server = TestDatabases.server();
        String db = "checksums_" + ProcessHandle.current().pid();
        server.dropDatabase(db);
        server.createDatabase(db);
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(server.jdbcUrl(db), server.user(), server.password())
                    .locations("classpath:db/migration").load();
            Map<String, Integer> found = new TreeMap<>();
            for (MigrationInfo m : flyway.info().all()) {
                found.put(m.getVersion().getVersion(), m.getChecksum());
            }
            for (Map.Entry<String, Integer> released : RELEASED.entrySet()) {
                assertEquals(released.getValue(), found.get(released.getKey()),
                        "V" + released.getKey() + " changed after its release: deployed databases would refuse to "
                                + "start (write a new migration instead)");
            }
        } finally {
            server.dropDatabase(db);
        }
    }
}
