package io.modelproxy.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The crds module's packages form no cycle: a package and its sub-packages never lean on each other both ways. */
class CrdsLayoutTest {
    @Test
    void crdsPackagesFormNoCycle() {
        slices().matching("io.modelproxy.(**)").should().beFreeOfCycles()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("io.modelproxy"));
    }
}
