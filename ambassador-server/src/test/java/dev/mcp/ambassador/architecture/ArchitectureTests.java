package dev.mcp.ambassador.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package-by-feature layout honest: no package cycles, and the pipeline's steps know
 * nothing of the MCP transport or of how downstream servers are reached.
 */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mcp.ambassador");

    @Test
    void featurePackagesWhenImportedThenFormNoCycle() {
        slices().matching("dev.mcp.ambassador.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void pipelineStepsWhenImportedThenKnowNothingOfTransportOrDownstreams() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.mcp.ambassador.pipeline..",
                        "dev.mcp.ambassador.rbac..",
                        "dev.mcp.ambassador.ratelimit..",
                        "dev.mcp.ambassador.killswitch..",
                        "dev.mcp.ambassador.audit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.mcp.ambassador.mcp..", "dev.mcp.ambassador.downstream..")
                .check(CLASSES);
    }
}
