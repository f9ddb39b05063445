package com.datacoves.jade.accounts;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.datacoves.AccountCache;
import com.datacoves.jade.datacoves.AccountRow;
import com.datacoves.jade.dbtcloud.Account;
import com.datacoves.jade.dbtcloud.AccountMapper;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * dbt Cloud accounts = Datacoves accounts, as the caller may read them (a Jade key: its own; a Datacoves token: those
 * Datacoves lists for it), from the short-lived account cache so that the hot {@code GET …/accounts/{id}/} costs no
 * database work.
 */
@Singleton
public class AccountService {

    private final AccountCache accounts;

    /** Reads accounts through the cache. */
    public AccountService(AccountCache accounts) {
        this.accounts = accounts;
    }

    /**
     * The caller's accounts, by id (those Datacoves no longer has are left out).
     *
     * @return a future already complete when every account is cached
     */
    public CompletableFuture<List<Account>> list(Caller caller) {
        List<CompletableFuture<Optional<AccountRow>>> rows = caller.accountIds().stream().sorted()
                .map(accounts::find).toList();
        return CompletableFuture.allOf(rows.toArray(new CompletableFuture[0])).thenApply(done -> {
            List<Account> out = new ArrayList<>();
            rows.forEach(r -> r.join().map(AccountMapper::toAccount).ifPresent(out::add));
            return out;
        });
    }

    /**
     * The account, which the caller may read (the authentication filter checked the path).
     *
     * @throws NotFoundException when Datacoves no longer has it
     */
    public CompletableFuture<Account> get(Caller caller, long accountId) {
        if (!caller.reachesAccount(accountId)) {
            return CompletableFuture.failedFuture(new NotFoundException());
        }
        return accounts.find(accountId).thenApply(row -> row.map(AccountMapper::toAccount)
                .orElseThrow(NotFoundException::new));
    }
}
