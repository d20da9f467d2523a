package io.modelproxy.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's package layout as rules: its packages form no cycle, and a simple class name means
 * one class in the main sources of the gateway and the project modules it builds on (crds, admin-ui).
 */
class ArchitectureTest {
    private static JavaClasses gateway;
    private static JavaClasses main;

    @BeforeAll
    static void importMainSources() {
        gateway = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.isJar() && location.contains("/gateway/"))
                .importPackages("io.modelproxy");
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the project's own jars (crds, admin-ui) are main sources too; third-party jars are not
                .withImportOption(location -> !location.isJar() || location.contains("/model-proxy-"))
                .importPackages("io.modelproxy");
    }

    @Test
    void gatewayPackagesFormNoCycle() {
        // every package is its own slice: a feature package and its sub-packages may not lean on each other both ways
        assertThat(gateway.containPackage("io.modelproxy.server")).as("the gateway's own classes were imported").isTrue();
        slices().matching("io.modelproxy.(**)").should().beFreeOfCycles().check(gateway);
    }

    @Test
    void everySimpleClassNameIsUnique() {
        Map<String, TreeSet<String>> byName = main.stream()
                .filter(c -> c.isTopLevelClass() && !c.getSimpleName().equals("package-info"))
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, TreeMap::new,
                        Collectors.mapping(JavaClass::getName, Collectors.toCollection(TreeSet::new))));
        byName.values().removeIf(names -> names.size() < 2);
        assertThat(byName).as("simple class names used by more than one main class").isEmpty();
    }
}
