package com.datacoves.jade.airflow;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * How Jade reaches each environment's Airflow metadata database ({@code jade.airflow.*}).
 *
 * <p>Resolution order (docs/airflow.md): an explicit {@link AirflowEnvironmentSettings} for the slug; else, when
 * {@code connect} ({@code CONNECT_TO_AIRFLOW}) is true, Datacoves' rule applied to the environment's encrypted
 * {@code airflow_config}; else the environment has no Airflow database for Jade.
 */
@ConfigurationProperties("jade.airflow")
public class AirflowSettings {

    private boolean connect;
    private String fernetKey;
    private boolean ssl;
    private int poolSize = 3;
    private int connectTimeoutSeconds = 5;

    /** True to derive Airflow databases from Datacoves' {@code airflow_config} ({@code CONNECT_TO_AIRFLOW}). */
    public boolean isConnect() {
        return connect;
    }

    public void setConnect(boolean connect) {
        this.connect = connect;
    }

    /** Datacoves' Fernet key ({@code FERNET_KEY}), required when {@link #isConnect()}; never logged. */
    @Nullable
    public String getFernetKey() {
        return fernetKey;
    }

    public void setFernetKey(@Nullable String fernetKey) {
        this.fernetKey = fernetKey;
    }

    /** TLS to Airflow databases ({@code DB_SSL_ENABLED}). */
    public boolean isSsl() {
        return ssl;
    }

    public void setSsl(boolean ssl) {
        this.ssl = ssl;
    }

    /** Maximum connections per Airflow database pool ({@code JADE_AIRFLOW_POOL_SIZE}, default 3). */
    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    /** Seconds to wait for an Airflow database connection before treating it as unreachable (default 5). */
    public int getConnectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    public void setConnectTimeoutSeconds(int connectTimeoutSeconds) {
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }
}
