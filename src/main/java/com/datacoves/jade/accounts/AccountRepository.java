package com.datacoves.jade.accounts;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads accounts from the Datacoves database (read-only pool {@code datacoves}). */
@JdbcRepository(dataSource = "datacoves", dialect = Dialect.POSTGRES)
public interface AccountRepository extends GenericRepository<AccountRow, Long> {

    /** The account with that id, or empty. */
    @Query("""
            SELECT id, name, slug, plan_id, developer_licenses, trial_ends_at, deactivated_at, created_at, updated_at
            FROM users_account WHERE id = :id""")
    Optional<AccountRow> findById(long id);

    /** The accounts among {@code ids}, by id. */
    @Query("""
            SELECT id, name, slug, plan_id, developer_licenses, trial_ends_at, deactivated_at, created_at, updated_at
            FROM users_account WHERE id IN (:ids) ORDER BY id""")
    List<AccountRow> findByIds(Collection<Long> ids);
}
