package com.datacoves.jade.deployments;

import java.util.Map;

/**
 * Invalid input of a deployments route: answered 422 with {@code {"errors":{"message":…,"fields":{field: text}}}}
 * by {@link FieldErrorsHandler}.
 */
public class FieldErrorsException extends RuntimeException {

    private final Map<String, String> fields;

    /** An error listing each invalid field with its problem. */
    public FieldErrorsException(Map<String, String> fields) {
        super("Invalid deployment request", null, false, false);
        this.fields = Map.copyOf(fields);
    }

    /** Field name → problem. */
    public Map<String, String> fields() {
        return fields;
    }
}
