package com.datacoves.jade.airflowapi;

import com.datacoves.jade.airflow.AirflowEndpointSettings;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * An explicit Airflow REST API for one environment slug:
 * {@code jade.airflow-api.environments.<slug>.url|username|password|token}. {@code url} is the API base, e.g.
 * {@code http://dev123-airflow-webserver.dcw-dev123:8080/api/v1}. With {@code token} Jade sends
 * {@code Authorization: Bearer <token>}; else with {@code username} it sends HTTP Basic. Wins over Datacoves' rule.
 */
@EachProperty("jade.airflow-api.environments")
public class AirflowApiEnvironmentSettings extends AirflowEndpointSettings {

    private String token;

    /** An entry for the environment slug {@code slug}. */
    public AirflowApiEnvironmentSettings(@Parameter String slug) {
        super(slug);
    }

    /** Bearer token; wins over username/password; never logged. */
    @Nullable
    public String getToken() {
        return token;
    }

    /** Sets the bearer token. */
    public void setToken(@Nullable String token) {
        this.token = token;
    }
}
