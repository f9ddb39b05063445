package com.datacoves.jade.auth;

/**
 * Who is calling: the verified API key's token id and account. Set on the request by {@link AuthenticationFilter}
 * under {@link #ATTRIBUTE}; controllers receive it with {@code @RequestAttribute(Caller.ATTRIBUTE)}.
 *
 * @param tokenId   the api_tokens id of the key used
 * @param accountId    the only account this caller may read
 * @param allowTrigger true when the key may start and stop runs (trigger, rerun, cancel); granted explicitly
 */
public record Caller(long tokenId, long accountId, boolean allowTrigger) {

    /** A caller without the permission to start or stop runs. */
    public Caller(long tokenId, long accountId) {
        this(tokenId, accountId, false);
    }

    /** Request attribute name. */
    public static final String ATTRIBUTE = "jade.caller";
}
