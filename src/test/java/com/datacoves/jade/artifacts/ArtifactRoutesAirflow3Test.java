package com.datacoves.jade.artifacts;

import com.datacoves.jade.demo.DemoAirflow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;

/** Every test of {@link ArtifactRoutesTest} again, on Airflow 3.0's table shapes. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactRoutesAirflow3Test extends ArtifactRoutesTest {

    @Override
    protected DemoAirflow airflow() {
        return DemoAirflow.V3_0;
    }
}
