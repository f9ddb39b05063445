package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because a service Jade relies on answered with an error, e.g. Airflow's REST API (502). */
public class UpstreamFailedException extends JadeException {

    /** @param message what the client reads */
    public UpstreamFailedException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public UpstreamFailedException(String message, @Nullable String detail) {
        super(message, detail);
    }
}
