package io.raftdeck.launcher;

import io.raftdeck.node.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} and {@code raftdeck version}: the build, the Java and the OS it runs on. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        return new String[] {
            "raftdeck " + build.version(),
            "commit " + build.commit(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            "OS " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                    + " " + System.getProperty("os.arch"),
        };
    }
}
