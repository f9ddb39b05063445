package com.datacoves.jade.auth;

/**
 * Who is calling: the verified API key's token id and account. Set on the request by {@link AuthenticationFilter}
 * under {@link #ATTRIBUTE}; controllers receive it with {@code @RequestAttribute(Caller.ATTRIBUTE)}.
 *
 * @param tokenId   the api_tokens id of the key used
 * @param accountId the only account this caller may read
 */
public record Caller(long tokenId, long accountId) {

    /** Request attribute name. */
    public static final String ATTRIBUTE = "jade.caller";
}
