package com.datacoves.jade.datacoves;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads Datacoves' {@code users_account} (read-only). */
@Singleton
public class AccountRepository {

    private static final String SELECT = "SELECT id, name, slug, plan_id, developer_licenses, trial_ends_at, "
            + "deactivated_at, created_at, updated_at FROM users_account";

    private static final RowMapper<AccountRow> ROW = (rs, ctx) -> {
        long plan = rs.getLong("plan_id");
        Long planId = rs.wasNull() ? null : plan;
        return new AccountRow(rs.getLong("id"), rs.getString("name"), rs.getString("slug"), planId,
                rs.getInt("developer_licenses"), rs.getObject("trial_ends_at", OffsetDateTime.class),
                rs.getObject("deactivated_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    };

    private final Jdbi datacoves;

    /** Uses Datacoves' database. */
    public AccountRepository(@Named("datacoves") Jdbi datacoves) {
        this.datacoves = datacoves;
    }

    /** The account with that id, or empty (deactivated ones included). */
    public Optional<AccountRow> findById(long id) {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " WHERE id = ?").bind(0, id).map(ROW).findOne());
    }

    /** The accounts among {@code ids}, by id. */
    public List<AccountRow> findByIds(Collection<Long> ids) {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " WHERE id = ANY(?) ORDER BY id")
                .bind(0, ids.toArray(new Long[0])).map(ROW).list());
    }
}
