package com.datacoves.jade.clients;

import com.datacoves.jade.demo.DemoAirflow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;

/** Every test of {@link ListFiltersTest} again, on Airflow 3.0's table shapes. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListFiltersAirflow3Test extends ListFiltersTest {

    @Override
    protected DemoAirflow airflow() {
        return DemoAirflow.V3_0;
    }
}
