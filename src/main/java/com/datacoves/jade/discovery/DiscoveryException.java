package com.datacoves.jade.discovery;

/**
 * A GraphQL error Jade reports with its own message (a missing environment, a bad argument): the query answers HTTP
 * 200 with this message in {@code errors}. Any other exception of a fetcher is reported as an internal error without
 * its text.
 */
public class DiscoveryException extends RuntimeException {

    /** @param message the error message clients see */
    public DiscoveryException(String message) {
        super(message, null, false, false);
    }
}
