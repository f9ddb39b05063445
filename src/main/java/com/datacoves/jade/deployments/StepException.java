package com.datacoves.jade.deployments;

/**
 * A failed step of a deployment operation (Kubernetes or Airflow); answered 502 (409 when the step found its object
 * already there) with a message naming the step and the cause, by {@link StepExceptionHandler}.
 */
public class StepException extends RuntimeException {

    private final String step;
    private final boolean conflict;

    /** A failure of {@code step} because of {@code reason}. */
    public StepException(String step, String reason) {
        this(step, reason, false);
    }

    /** A failure of {@code step} because of {@code reason}; {@code conflict} when the object already exists. */
    public StepException(String step, String reason, boolean conflict) {
        super(step + " failed: " + reason, null, false, false);
        this.step = step;
        this.conflict = conflict;
    }

    /** The step that failed. */
    public String step() {
        return step;
    }

    /** Whether the step failed because its object already exists. */
    public boolean conflict() {
        return conflict;
    }
}
