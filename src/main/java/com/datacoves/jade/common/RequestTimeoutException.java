package com.datacoves.jade.common;

/** The client sent its request body too slowly to be worth holding a slot for (408). */
public class RequestTimeoutException extends JadeException {

    /** @param message what the client reads: which bound and its value */
    public RequestTimeoutException(String message) {
        super(message, null);
    }
}
