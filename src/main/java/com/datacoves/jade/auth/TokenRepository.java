package com.datacoves.jade.auth;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Jade's {@code api_tokens} table (Jdbi {@code jade}, the read-write pool {@code default}). Every method is one
 * statement; database failures surface as Jdbi's {@link org.jdbi.v3.core.JdbiException}.
 */
@Singleton
public class TokenRepository {

    /** Columns of {@link TokenRow}, in its order. */
    static final String COLUMNS = "id, account_id, name, prefix, key_hash, created_at, last_used_at, allow_trigger";

    private static final RowMapper<TokenRow> ROW = (rs, ctx) -> new TokenRow(rs.getLong("id"),
            rs.getLong("account_id"), rs.getString("name"), rs.getString("prefix"), rs.getString("key_hash"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class),
            rs.getBoolean("allow_trigger"));

    private final Jdbi jade;

    /** Uses Jade's database. */
    public TokenRepository(@Named("jade") Jdbi jade) {
        this.jade = jade;
    }

    /**
     * Inserts a token and returns it with its id and creation time.
     *
     * @param keyHash BCrypt hash of the whole key (the key itself is never stored)
     */
    public TokenRow insert(long accountId, String name, String prefix, String keyHash, boolean allowTrigger) {
        return jade.withHandle(h -> h.createQuery("""
                        INSERT INTO api_tokens (account_id, name, prefix, key_hash, allow_trigger)
                        VALUES (?, ?, ?, ?, ?)
                        RETURNING\s""" + COLUMNS)
                .bind(0, accountId).bind(1, name).bind(2, prefix).bind(3, keyHash).bind(4, allowTrigger)
                .map(ROW).one());
    }

    /** Candidate rows for a key, by its non-secret prefix (in no particular order). */
    public List<TokenRow> findByPrefix(String prefix) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE prefix = ?")
                .bind(0, prefix).map(ROW).list());
    }

    /** All tokens, by id. */
    public List<TokenRow> findAll() {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_tokens ORDER BY id")
                .map(ROW).list());
    }

    /** The account's tokens, by id. */
    public List<TokenRow> findByAccount(long accountId) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM api_tokens WHERE account_id = ? ORDER BY id")
                .bind(0, accountId).map(ROW).list());
    }

    /** One token by id. */
    public Optional<TokenRow> findById(long id) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE id = ?")
                .bind(0, id).map(ROW).findOne());
    }

    /** Deletes one token; returns how many rows went (0 or 1). */
    public int deleteById(long id) {
        return jade.withHandle(h -> h.createUpdate("DELETE FROM api_tokens WHERE id = ?").bind(0, id).execute());
    }

    /** Deletes all of an account's tokens; returns how many went. */
    public int deleteByAccount(long accountId) {
        return jade.withHandle(h -> h.createUpdate("DELETE FROM api_tokens WHERE account_id = ?")
                .bind(0, accountId).execute());
    }

    /** Records a use (called at most once a minute per token). */
    public void touch(long id) {
        jade.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = now() WHERE id = ?")
                .bind(0, id).execute());
    }
}
