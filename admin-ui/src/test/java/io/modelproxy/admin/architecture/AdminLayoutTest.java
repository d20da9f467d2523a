package io.modelproxy.admin.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The admin UI's packages form no cycle (the crds module it builds on has its own check). */
class AdminLayoutTest {
    @Test
    void adminPackagesFormNoCycle() {
        slices().matching("io.modelproxy.admin.(**)").should().beFreeOfCycles()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("io.modelproxy.admin"));
    }
}
