package com.datacoves.jade.auth;

import com.datacoves.jade.datacoves.AccountRepository;
import com.datacoves.jade.datacoves.AccountRow;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Mints, verifies, lists and revokes per-account API keys (README, "API keys"; docs/authentication.md).
 *
 * <p>Storage: only a BCrypt hash (spring-security-crypto, cost 10) and a non-secret lookup prefix. Verification runs
 * BCrypt once per key and then keeps the result in a bounded in-memory cache (at most 10,000 keys) keyed by the
 * SHA-256 of the key — never the key — for {@code jade.tokens.cache-seconds} (default 60 s,
 * {@code JADE_TOKEN_CACHE_SECONDS}). A revocation through this instance takes effect at once; on other replicas
 * within that TTL; a check that overlapped a revocation is redone rather than cached. Keys of accounts Datacoves has
 * deactivated are refused (within the TTL). A key found unknown is remembered for at most {@value #REJECTED_SECONDS} s,
 * so that repeated guesses — even ones sharing a real key's lookup prefix — cost no BCrypt. {@code last_used_at} is
 * written at most once a minute per token, off the request thread.
 */
@Singleton
public class TokenService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    /** How long an unknown key is remembered as unknown, in seconds (at most the positive TTL). */
    static final long REJECTED_SECONDS = 10;

    private final TokenRepository tokens;
    private final AccountRepository accounts;
    private final ExecutorService background;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
    private final Cache<String, Caller> verified;
    /** Digests of keys found unknown recently: a repeated guess costs no BCrypt (docs/hardening.md). */
    private final Cache<String, Boolean> rejected;
    /** Counts revocations, so that a check that overlapped one does not cache what it found. */
    private final java.util.concurrent.atomic.AtomicLong revocations = new java.util.concurrent.atomic.AtomicLong();
    private final Map<Long, Long> lastTouchedMillis = new ConcurrentHashMap<>();

    public TokenService(TokenRepository tokens, AccountRepository accounts,
                        @Named(TaskExecutors.BLOCKING) ExecutorService background,
                        @Value("${jade.tokens.cache-seconds:60}") long cacheSeconds) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.background = background;
        this.verified = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(Duration.ofSeconds(Math.max(0, cacheSeconds))).build();
        this.rejected = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(Duration.ofSeconds(Math.min(REJECTED_SECONDS, Math.max(0, cacheSeconds)))).build();
    }

    /**
     * Mints a key for an account that exists in the Datacoves database.
     *
     * @param accountId Datacoves account id
     * @param name      label, 1–100 characters; {@code default} when null or blank
     * @return the key (shown once) and its row
     * @throws UnknownAccountException when Datacoves has no such account
     */
    public CreatedToken create(long accountId, String name) {
        return create(accountId, name, false);
    }

    /**
     * Mints a key for an account that exists in the Datacoves database.
     *
     * @param accountId    Datacoves account id
     * @param name         label, 1–100 characters; {@code default} when null or blank
     * @param allowTrigger true to let the key trigger, rerun and cancel runs
     * @return the key (shown once) and its row
     * @throws UnknownAccountException when Datacoves has no such account
     */
    public CreatedToken create(long accountId, String name, boolean allowTrigger) {
        if (accounts.findById(accountId).isEmpty()) {
            throw new UnknownAccountException(accountId);
        }
        String label = name == null || name.isBlank() ? "default" : name.strip();
        if (label.length() > 100) {
            throw new IllegalArgumentException("a token name has at most 100 characters");
        }
        String key = ApiKeys.generate();
        String prefix = ApiKeys.lookupPrefix(key).orElseThrow();
        TokenRow row = tokens.insert(accountId, label, prefix, bcrypt.encode(key), allowTrigger);
        LOG.info("API token {} created for account {} ({}, allow_trigger={})", row.id(), accountId, label, allowTrigger);
        return new CreatedToken(key, row.id(), accountId, label, row.createdAt(), allowTrigger);
    }

    /**
     * Checks a presented key.
     *
     * @return the caller when the key is a live Jade key, else empty (malformed, unknown or revoked)
     */
    public Optional<Caller> verify(String key) {
        Optional<String> prefix = ApiKeys.lookupPrefix(key);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        String digest = sha256(key);
        if (rejected.getIfPresent(digest) != null) {
            return Optional.empty();
        }
        long revocationsBefore = revocations.get();
        // get(…, loader): concurrent requests with the same key wait for ONE BCrypt check instead of each running
        // their own (when a hot key's entry expires under load, 32 parallel BCrypts held requests for seconds).
        // An unknown key loads null, which Caffeine does not cache; it goes to the short negative cache instead.
        Caller caller = verified.get(digest, d -> lookup(prefix.get(), key));
        if (caller != null && revocations.get() != revocationsBefore) {
            // a revocation ran while this key was checked: what was found may be stale, so check again
            verified.invalidate(digest);
            caller = verified.get(digest, d -> lookup(prefix.get(), key));
        }
        if (caller == null) {
            rejected.put(digest, Boolean.TRUE);
            return Optional.empty();
        }
        touchLater(caller.tokenId());
        return Optional.of(caller);
    }

    /** The caller of a live key of an active account (one BCrypt per candidate row), or null. */
    private Caller lookup(String prefix, String key) {
        return tokens.findByPrefix(prefix).stream()
                .filter(row -> bcrypt.matches(key, row.keyHash()))
                .findFirst()
                .filter(row -> accounts.findById(row.accountId()).map(AccountRow::active).orElse(false))
                .map(row -> Caller.ofKey(row.id(), row.accountId(), row.allowTrigger()))
                .orElse(null);
    }

    /**
     * The caller of a key verified within the cache TTL, without BCrypt or database work (safe on an event loop);
     * empty when the key is not in the cache — then call {@link #verify(String)} on a blocking thread.
     */
    public Optional<Caller> verifyCached(String key) {
        if (ApiKeys.lookupPrefix(key).isEmpty()) {
            return Optional.empty();
        }
        Caller caller = verified.getIfPresent(sha256(key));
        if (caller != null) {
            touchLater(caller.tokenId());
        }
        return Optional.ofNullable(caller);
    }

    /** All tokens, or one account's when {@code accountId} is not null; rows carry hashes, so never print them whole. */
    public List<TokenRow> list(Long accountId) {
        return accountId == null ? tokens.findAll() : tokens.findByAccount(accountId);
    }

    /** Revokes one token; returns false when there was none with that id. */
    public boolean delete(long tokenId) {
        boolean deleted = tokens.deleteById(tokenId) > 0;
        forget(c -> c.tokenId() != null && c.tokenId() == tokenId);
        return deleted;
    }

    /** Revokes every token of the account; returns how many went. */
    public int deleteByAccount(long accountId) {
        int deleted = tokens.deleteByAccount(accountId);
        forget(c -> c.tokenId() != null && c.reachesAccount(accountId));
        return deleted;
    }

    private void forget(java.util.function.Predicate<Caller> which) {
        revocations.incrementAndGet();
        verified.asMap().values().removeIf(which);
    }

    private void touchLater(long tokenId) {
        long now = System.currentTimeMillis();
        boolean[] due = {false};
        lastTouchedMillis.compute(tokenId, (id, last) -> {
            if (last == null || now - last >= TOUCH_INTERVAL.toMillis()) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (!due[0]) {
            return;
        }
        background.execute(() -> {
            try {
                tokens.touch(tokenId);
            } catch (RuntimeException e) {
                LOG.debug("could not record use of token {}: {}", tokenId, e.getMessage());
            }
        });
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
