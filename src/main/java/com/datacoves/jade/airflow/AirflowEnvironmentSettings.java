package com.datacoves.jade.airflow;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * An explicit Airflow database for one environment slug: {@code jade.airflow.environments.<slug>.url|username|password}
 * (from {@code JADE_AIRFLOW_ENVIRONMENTS_<SLUG>_URL}, {@code _USER}, {@code _PASSWORD}). Wins over Datacoves' rule.
 */
@EachProperty("jade.airflow.environments")
public class AirflowEnvironmentSettings {

    private final String slug;
    private String url;
    private String username;
    private String password;

    public AirflowEnvironmentSettings(@Parameter String slug) {
        this.slug = slug;
    }

    /** The environment slug this entry is for, lower-case. */
    public String getSlug() {
        return slug;
    }

    /** JDBC URL of the Airflow database. */
    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    @Nullable
    public String getUsername() {
        return username;
    }

    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    /** Never logged. */
    @Nullable
    public String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }
}
