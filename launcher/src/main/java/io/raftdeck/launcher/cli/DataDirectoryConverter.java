package io.raftdeck.launcher.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --data-dir}, refusing an empty one: "" is the current directory to Java, and
 * {@code --data-dir "$DATA"} with DATA unset would otherwise keep a node's log wherever the
 * command happened to run.
 */
public final class DataDirectoryConverter implements ITypeConverter<Path> {

    @Override
    public Path convert(String text) {
        if (text.isBlank()) {
            throw new TypeConversionException("the directory must not be empty; an empty one"
                    + " would mean the current directory");
        }
        return Path.of(text);
    }
}
