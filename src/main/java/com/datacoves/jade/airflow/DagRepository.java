package com.datacoves.jade.airflow;

import jakarta.inject.Singleton;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Array;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads Airflow's {@code dag} and {@code dag_tag} tables (read-only). The {@code dag} table has one row per DAG, so
 * reading all of it is cheap; {@code last_parsed_time}, which moves on every parse, is deliberately not read.
 */
@Singleton
public class DagRepository {

    private static final RowMapper<DagRow> ROW = (rs, ctx) -> new DagRow(rs.getString(1), rs.getString(2),
            rs.getBoolean(3), rs.getBoolean(4), rs.getString(5), rs.getString(6),
            rs.getObject(7, OffsetDateTime.class), strings(rs.getArray(8)));

    /** Every DAG of the database, by dag_id. */
    public List<DagRow> all(AirflowDatabase db) {
        String sql = select(db.schema()) + " ORDER BY d.dag_id";
        return db.jdbi().withHandle(h -> h.createQuery(sql).map(ROW).list());
    }

    /** The DAG with that id, if Airflow has it. */
    public Optional<DagRow> find(AirflowDatabase db, String dagId) {
        String sql = select(db.schema()) + " WHERE d.dag_id = ?";
        return db.jdbi().withHandle(h -> h.createQuery(sql).bind(0, dagId).map(ROW).findOne());
    }

    private static String select(AirflowSchema s) {
        return """
                SELECT d.dag_id, d.description, %s AS active, COALESCE(d.is_paused, false) AS paused,
                       %s AS schedule, %s AS timetable, d.next_dagrun,
                       ARRAY(SELECT t.name FROM dag_tag t WHERE t.dag_id = d.dag_id ORDER BY t.name) AS tags
                FROM dag d""".formatted(s.dagActive(), s.schedule(), s.timetableDescription());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
