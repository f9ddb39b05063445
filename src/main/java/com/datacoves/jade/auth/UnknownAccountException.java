package com.datacoves.jade.auth;

/** Datacoves has no account with that id, so no key can be minted for it. */
public class UnknownAccountException extends RuntimeException {

    public UnknownAccountException(long accountId) {
        super("account " + accountId + " does not exist in the Datacoves database");
    }
}
