package com.datacoves.jade;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of docs/architecture.md ("Packages"), checked on the compiled production classes: packages by
 * feature that never import each other in a circle, a shared HTTP kernel that knows no feature, and {@code common} at
 * the bottom.
 */
class ArchitectureTest {

    private static final JavaClasses JADE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.datacoves.jade");

    @Test
    void noTwoPackagesImportEachOther() {
        slices().matching("com.datacoves.jade.(*)..").should().beFreeOfCycles().check(JADE);
    }

    @Test
    void theHttpKernelKnowsNoFeature() {
        classes().that().resideInAPackage("com.datacoves.jade.http..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("com.datacoves.jade..")
                        .or(resideInAnyPackage("com.datacoves.jade.http..", "com.datacoves.jade.common..",
                                "com.datacoves.jade.storage..", "com.datacoves.jade.database..")))
                .check(JADE);
    }

    @Test
    void commonDependsOnNothingOfJade() {
        classes().that().resideInAPackage("com.datacoves.jade.common..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("com.datacoves.jade..")
                        .or(resideInAnyPackage("com.datacoves.jade.common..")))
                .check(JADE);
    }
}
