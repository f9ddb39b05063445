package com.datacoves.jade.runs;

import com.datacoves.jade.demo.DemoAirflow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;

/**
 * Every test of {@link RunControlClientsTest} again, on Airflow 3.0's table shapes: Jade then calls Airflow 3's REST API
 * ({@code /api/v2}, a JWT from {@code /auth/token}), which {@link AirflowApiStub} answers as Airflow 3 does.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunControlClientsAirflow3Test extends RunControlClientsTest {

    @Override
    protected DemoAirflow airflow() {
        return DemoAirflow.V3_0;
    }
}
