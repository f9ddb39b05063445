package com.datacoves.jade.runs;

import com.datacoves.jade.demo.DemoAirflow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;

/** Every test of {@link RunCountsTest} again, on Airflow 3.0's table shapes. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCountsAirflow3Test extends RunCountsTest {

    @Override
    protected DemoAirflow airflow() {
        return DemoAirflow.V3_0;
    }
}
