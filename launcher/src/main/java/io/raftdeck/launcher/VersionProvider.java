package io.raftdeck.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into raftdeck-version.properties, so it is never stale. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(
                "/raftdeck-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"raftdeck " + properties.getProperty("version", "unknown"),
            "Java " + Runtime.version()};
    }
}
