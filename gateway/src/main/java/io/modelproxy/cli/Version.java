package io.modelproxy.cli;

import picocli.CommandLine.IVersionProvider;

/** The build's version, from the jar manifest's Implementation-Version; "dev" when run from classes. */
final class Version implements IVersionProvider {
    static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"model-proxy " + current()};
    }
}
