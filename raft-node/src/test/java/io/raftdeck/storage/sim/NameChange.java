package io.raftdeck.storage.sim;

import java.util.List;

/**
 * One create, rename or delete not yet made durable: the names it sets, each in its
 * directory (a rename sets two, possibly in two directories). It is kept or lost by a crash as
 * a whole, since a journaling file system commits a rename in one transaction; syncing either
 * directory it touches makes all of it durable.
 */
record NameChange(List<Part> parts) {

    /** {@code name} in {@code directory} points to {@code target}; null removes the name. */
    record Part(SimulatedDirectory directory, String name, Object target) {
    }

    boolean touches(SimulatedDirectory directory) {
        return parts.stream().anyMatch(part -> part.directory == directory);
    }

    void makeDurable() {
        for (Part part : parts) {
            if (part.target == null) {
                part.directory.durableEntries.remove(part.name);
            } else {
                part.directory.durableEntries.put(part.name, part.target);
            }
        }
    }
}
