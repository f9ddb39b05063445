package com.datacoves.jade.common;

/**
 * This instance is at one of its bounds for a kind of work (e.g. concurrent uploads) and refuses more for now (503,
 * retry later). Nothing of the request was done.
 */
public class BusyException extends JadeException {

    /**
     * @param message what the client reads: which bound, and that a retry will do
     */
    public BusyException(String message) {
        super(message, null);
    }
}
