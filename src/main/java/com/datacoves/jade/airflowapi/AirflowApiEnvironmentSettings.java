package com.datacoves.jade.airflowapi;

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
public class AirflowApiEnvironmentSettings {

    private final String slug;
    private String url;
    private String username;
    private String password;
    private String token;

    /** An entry for the environment slug {@code slug}. */
    public AirflowApiEnvironmentSettings(@Parameter String slug) {
        this.slug = slug;
    }

    /** The environment slug this entry is for. */
    public String getSlug() {
        return slug;
    }

    /** Base URL of the stable REST API (ends with {@code /api/v1}). */
    @Nullable
    public String getUrl() {
        return url;
    }

    /** Sets the base URL. */
    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    /** User for HTTP Basic. */
    @Nullable
    public String getUsername() {
        return username;
    }

    /** Sets the Basic user. */
    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    /** Password for HTTP Basic; never logged. */
    @Nullable
    public String getPassword() {
        return password;
    }

    /** Sets the Basic password. */
    public void setPassword(@Nullable String password) {
        this.password = password;
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
