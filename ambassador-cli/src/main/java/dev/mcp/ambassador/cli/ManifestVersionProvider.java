package dev.mcp.ambassador.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest's {@code Implementation-Version}. */
final class ManifestVersionProvider implements IVersionProvider {

    static final String DEVELOPMENT_VERSION = "development";

    @Override
    public String[] getVersion() {
        return new String[] {"ambassador " + version()};
    }

    static String version() {
        String version = AmbassadorCommand.class.getPackage().getImplementationVersion();
        return (version == null || version.isBlank()) ? DEVELOPMENT_VERSION : version;
    }
}
