package io.raftdeck.launcher.cli;

import io.raftdeck.node.NodeAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets picocli parse host:port options with NodeAddress's own message on bad input. */
public final class NodeAddressConverter implements ITypeConverter<NodeAddress> {

    @Override
    public NodeAddress convert(String text) {
        try {
            return NodeAddress.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
