package com.datacoves.jade.airflow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dbt commands Jade reads out of a task's rendered fields (docs/runs.md, "Run steps"). */
class DbtCommandsTest {

    @Test
    void bashCommandOfABashOperator() {
        assertEquals(List.of("dbt deps", "dbt build -s tag:daily --full-refresh"),
                DbtCommands.in("cd /opt/airflow/dags/repo/transform && dbt deps && dbt build -s tag:daily --full-refresh"));
    }

    @Test
    void datacovesDbtOperatorWrapsTheCommandInDbtCoves() {
        assertEquals(List.of("dbt run -s country_codes"),
                DbtCommands.in("dbt-coves dbt --project-dir /opt/dbt --virtualenv /opt/venv -- run -s country_codes"));
    }

    @Test
    void severalCommandsInOrderAndTwoWordSubcommands() {
        assertEquals(List.of("dbt seed", "dbt source freshness", "dbt docs generate"),
                DbtCommands.in("set -e\ndbt seed\ndbt  source   freshness; dbt docs generate | tee out.log"));
    }

    @Test
    void kubernetesPodCmdsAndArgumentsJoined() {
        assertEquals(List.of("dbt test --select state:modified+"),
                DbtCommands.in("dbt test --select state:modified+"));
        assertEquals(List.of("dbt snapshot"), DbtCommands.in("/bin/bash -c \"dbt snapshot\""));
    }

    @Test
    void textsThatRunNoDbt() {
        assertEquals(List.of(), DbtCommands.in(null));
        assertEquals(List.of(), DbtCommands.in("python load.py --dbt build"));
        assertEquals(List.of(), DbtCommands.in("echo mydbt run"));
        assertEquals(List.of(), DbtCommands.in("dbt --version"));
    }

    @Test
    void depsIsAStepButNotAnExecuteStep() {
        assertEquals(List.of("dbt deps"), DbtCommands.in("dbt deps"));
        assertEquals(false, DbtCommands.isExecuteStep("dbt deps"));
        assertEquals(true, DbtCommands.isExecuteStep("dbt build"));
    }

    @Test
    void boundedWork() {
        String huge = "x".repeat(DbtCommands.MAX_TEXT) + " dbt build";
        assertEquals(List.of(), DbtCommands.in(huge));
        String command = DbtCommands.in("dbt run --select " + "a".repeat(5000)).get(0);
        assertEquals(DbtCommands.MAX_COMMAND, command.length());
    }
}
