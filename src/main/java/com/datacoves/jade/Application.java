package com.datacoves.jade;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Entry point of the one Jade program: {@code jade serve} (the default) runs the HTTP service, {@code jade demo}
 * runs it on embedded PostgreSQL with demo data, {@code jade tokens …} manages API keys. See {@link JadeCommand}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Jade", version = "0.1.0",
                description = "dbt Cloud-compatible API (v2/v3 read routes) and the Datacoves API (manifests, "
                        + "environment files) over Datacoves' dbt and Airflow. Authenticate with "
                        + "`Authorization: Token <key>` or `Bearer <key>`."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A per-account Jade API key (jade_…). `Token <key>` is accepted too.")
public final class Application {

    private Application() {
    }

    /** Runs the command given by {@code args}; exits non-zero when it fails, and stays up while a server runs. */
    public static void main(String[] args) {
        int code = JadeCommand.commandLine().execute(args.length == 0 ? new String[]{"serve"} : args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
