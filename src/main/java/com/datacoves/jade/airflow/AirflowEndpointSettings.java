package com.datacoves.jade.airflow;

import io.micronaut.core.annotation.Nullable;

/**
 * What an explicit per-environment Airflow entry has in common, whether it points at the Airflow database
 * ({@link AirflowEnvironmentSettings}) or at its REST API ({@code airflowapi.AirflowApiEnvironmentSettings}): the
 * environment slug it is for, a URL and optional credentials. Such an entry wins over Datacoves' rule.
 */
public abstract class AirflowEndpointSettings {

    private final String slug;
    private String url;
    private String username;
    private String password;

    /** An entry for the environment slug {@code slug} (the map key of the configuration). */
    protected AirflowEndpointSettings(String slug) {
        this.slug = slug;
    }

    /** The environment slug this entry is for. */
    public String getSlug() {
        return slug;
    }

    /** True when the entry is for {@code environmentSlug} (case-insensitive) and has a URL. */
    public boolean appliesTo(String environmentSlug) {
        return slug.equalsIgnoreCase(environmentSlug) && url != null && !url.isBlank();
    }

    /** The URL: a JDBC URL for the database, the API base for the REST API. */
    @Nullable
    public String getUrl() {
        return url;
    }

    /** Sets the URL. */
    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    /** User name, or null. */
    @Nullable
    public String getUsername() {
        return username;
    }

    /** Sets the user name. */
    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    /** Password, or null; never logged. */
    @Nullable
    public String getPassword() {
        return password;
    }

    /** Sets the password. */
    public void setPassword(@Nullable String password) {
        this.password = password;
    }
}
