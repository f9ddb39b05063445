package com.datacoves.jade.golden;

import com.datacoves.jade.demo.DemoAirflow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;

/**
 * Every golden file of {@link GoldenJsonTest} again, on Airflow 3.0's table shapes: the demo writes the same DAGs and
 * DAG runs into both, and every field a client reads must come out the same, so the same files are the expectation.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenJsonAirflow3Test extends GoldenJsonTest {

    @Override
    protected DemoAirflow airflow() {
        return DemoAirflow.V3_0;
    }
}
