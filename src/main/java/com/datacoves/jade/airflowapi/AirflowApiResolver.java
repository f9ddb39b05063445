package com.datacoves.jade.airflowapi;

import com.datacoves.jade.airflow.AirflowConfigDecryptor;
import com.datacoves.jade.airflow.AirflowSettings;
import com.datacoves.jade.datacoves.EnvironmentRow;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where an environment's Airflow REST API is: an explicit {@link AirflowApiEnvironmentSettings} for its
 * slug; else, with {@code jade.airflow.connect} ({@code CONNECT_TO_AIRFLOW}), Datacoves' in-cluster rule
 * {@code http://<slug>-airflow-webserver.dcw-<slug>:8080/api/v1}, credentials from the decrypted
 * {@code airflow_config}.
 *
 * <p><b>Assumption</b> (Datacoves does not document these keys): the bearer token is read from
 * {@code airflow_config.service_account_token} (or {@code api.token}); else HTTP Basic from {@code api_user} /
 * {@code api_password} (or {@code api.user} / {@code api.password}); else no {@code Authorization} header.
 */
@Singleton
public class AirflowApiResolver {

    private final AirflowSettings settings;
    private final List<AirflowApiEnvironmentSettings> explicit;
    private final AirflowConfigDecryptor decryptor;

    /** Uses the explicit entries, the Airflow settings (connect, Fernet key) and the decryptor. */
    public AirflowApiResolver(AirflowSettings settings, List<AirflowApiEnvironmentSettings> explicit,
                              AirflowConfigDecryptor decryptor) {
        this.settings = settings;
        this.explicit = explicit;
        this.decryptor = decryptor;
    }

    /** The environment's Airflow REST API, or empty when Jade has none configured or derivable for it. */
    public Optional<AirflowApiTarget> resolve(EnvironmentRow env) {
        Optional<AirflowApiEnvironmentSettings> entry = explicit.stream()
                .filter(e -> e.appliesTo(env.slug())).findFirst();
        if (entry.isPresent()) {
            AirflowApiEnvironmentSettings e = entry.get();
            return Optional.of(AirflowApiTarget.of(env.slug(), e.getUrl(), e.getToken(), e.getUsername(),
                    e.getPassword()));
        }
        if (!settings.isConnect() || !env.airflowEnabled()) {
            return Optional.empty();
        }
        Map<String, Object> config = decryptor.decrypt(settings.getFernetKey(), env.airflowConfig()).orElse(Map.of());
        Map<?, ?> api = config.get("api") instanceof Map<?, ?> m ? m : Map.of();
        String url = "http://" + env.slug() + "-airflow-webserver.dcw-" + env.slug() + ":8080/api/v1";
        return Optional.of(AirflowApiTarget.of(env.slug(), url,
                first(config.get("service_account_token"), api.get("token")),
                first(config.get("api_user"), api.get("user")),
                first(config.get("api_password"), api.get("password"))));
    }

    private static String first(Object a, Object b) {
        if (a != null && !a.toString().isBlank()) {
            return a.toString();
        }
        return b == null || b.toString().isBlank() ? null : b.toString();
    }
}
