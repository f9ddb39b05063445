package com.datacoves.jade.airflow;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * An explicit Airflow database for one environment slug: {@code jade.airflow.environments.<slug>.url|username|password}
 * (from {@code JADE_AIRFLOW_ENVIRONMENTS_<SLUG>_URL}, {@code _USER}, {@code _PASSWORD}); {@code url} is a JDBC URL.
 * Wins over Datacoves' rule.
 */
@EachProperty("jade.airflow.environments")
public class AirflowEnvironmentSettings extends AirflowEndpointSettings {

    /** An entry for the environment slug {@code slug}. */
    public AirflowEnvironmentSettings(@Parameter String slug) {
        super(slug);
    }
}
