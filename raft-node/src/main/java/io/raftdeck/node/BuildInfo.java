package io.raftdeck.node;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What build this is: the version and git commit Maven wrote into raftdeck-build.properties,
 * so they are never stale. A build without git (a source tarball) has no commit; a value
 * Maven left unfiltered reads as unknown.
 *
 * @param version the project version, e.g. 0.1.0-SNAPSHOT
 * @param commit  the abbreviated git commit it was built from, or "unknown"
 */
public record BuildInfo(String version, String commit) {

    public static final String UNKNOWN = "unknown";
    private static final BuildInfo CURRENT = read();

    /** This build's. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** One line for humans: {@code raftdeck 0.1.0 (commit a11d52c)}. */
    public String describe() {
        return "raftdeck " + version + " (commit " + commit + ")";
    }

    private static BuildInfo read() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/raftdeck-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // A jar whose resource cannot be read still runs; it just cannot say its build.
        }
        return new BuildInfo(filled(properties.getProperty("version")),
                filled(properties.getProperty("commit")));
    }

    /** A property Maven had no value for stays as its ${...} placeholder. */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
    }
}
