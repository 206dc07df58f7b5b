package io.raftdeck.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The config sources on a command built here, as another engineer's new flags would be. */
class EffectiveConfigTest {

    @TempDir
    Path directory;

    @Test
    void newFlagsReadFileAndEnvironmentAndSecretsAreNotPrinted() throws IOException {
        // Proves flags this package has never heard of are set from the file and the
        // environment, and a flag holding a secret prints only that it is set.
        Path file = Files.writeString(directory.resolve("c.yaml"), "metrics-listen: :9100\n");
        CommandSpec spec = CommandSpec.create().name("probe")
                .addOption(OptionSpec.builder("--metrics-listen").type(String.class).build())
                .addOption(OptionSpec.builder("--admin-token").type(String.class).build())
                .addOption(OptionSpec.builder("--admin-token-file").type(Path.class).build())
                .addMixin("config", CommandSpec.forAnnotatedObject(new ConfigOptions()));
        CommandLine command = new CommandLine(spec);
        command.setDefaultValueProvider(new ConfigSources(Map.of(
                "RAFTDECK_ADMIN_TOKEN", "s3cret-value",
                "RAFTDECK_ADMIN_TOKEN_FILE", "/etc/raftdeck/token")));
        command.parseArgs("--config", file.toString());
        StringWriter out = new StringWriter();
        EffectiveConfig.print(spec, ConfigSources.of(spec).orElseThrow(), new PrintWriter(out));
        String printed = out.toString();
        assertEquals(":9100", spec.findOption("--metrics-listen").getValue());
        assertTrue(printed.contains("metrics-listen: :9100  # file " + file + "\n"), printed);
        assertTrue(printed.contains("# admin-token: (secret, not shown)  # env "
                + "RAFTDECK_ADMIN_TOKEN\n"), printed);
        assertFalse(printed.contains("s3cret-value"), printed);
        assertTrue(printed.contains("admin-token-file: /etc/raftdeck/token  # env "
                + "RAFTDECK_ADMIN_TOKEN_FILE\n"), printed);
    }
}
