package com.datacoves.jade.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;

/** Jade's {@code api_tokens} table (read-write pool {@code default}). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TokenRepository extends GenericRepository<TokenRow, Long> {

    /** Inserts a token and returns it with its id and creation time. */
    @Query("""
            INSERT INTO api_tokens (account_id, name, prefix, key_hash, allow_trigger)
            VALUES (:accountId, :name, :prefix, :keyHash, :allowTrigger)
            RETURNING id, account_id, name, prefix, key_hash, created_at, last_used_at, allow_trigger""")
    TokenRow insert(long accountId, String name, String prefix, String keyHash, boolean allowTrigger);

    /** Candidate rows for a key, by its non-secret prefix. */
    @Query("SELECT id, account_id, name, prefix, key_hash, created_at, last_used_at, allow_trigger FROM api_tokens WHERE prefix = :prefix")
    List<TokenRow> findByPrefix(String prefix);

    /** All tokens, by id. */
    @Query("SELECT id, account_id, name, prefix, key_hash, created_at, last_used_at, allow_trigger FROM api_tokens ORDER BY id")
    List<TokenRow> findAll();

    /** The account's tokens, by id. */
    @Query("""
            SELECT id, account_id, name, prefix, key_hash, created_at, last_used_at, allow_trigger FROM api_tokens
            WHERE account_id = :accountId ORDER BY id""")
    List<TokenRow> findByAccount(long accountId);

    /** One token by id. */
    @Query("SELECT id, account_id, name, prefix, key_hash, created_at, last_used_at, allow_trigger FROM api_tokens WHERE id = :id")
    Optional<TokenRow> findById(long id);

    /** Deletes one token; returns how many rows went (0 or 1). */
    @Query("DELETE FROM api_tokens WHERE id = :id")
    int deleteById(long id);

    /** Deletes all of an account's tokens; returns how many went. */
    @Query("DELETE FROM api_tokens WHERE account_id = :accountId")
    int deleteByAccount(long accountId);

    /** Records a use (called at most once a minute per token). */
    @Query("UPDATE api_tokens SET last_used_at = now() WHERE id = :id")
    void touch(long id);
}
