package io.raftdeck.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * {@code --admin-subjects}: the subject distinguished names whose client certificates may make
 * admin calls from beyond loopback. Names are compared in their canonical RFC 2253 form, so
 * {@code CN=ops, O=Example} and {@code cn=ops,o=example} are one name. The subject DN, not a
 * subjectAltName: a client certificate names a person or a tool in its subject, while its SANs
 * name hosts, and the members' own URI SANs ({@code raftdeck:node:ID}) must never grant this.
 */
public final class AdminSubjects {

    private static final AdminSubjects NONE = new AdminSubjects(List.of());

    /** As given, for messages and --print-config. */
    private final List<String> given;
    private final Set<String> canonical = new LinkedHashSet<>();

    private AdminSubjects(List<String> given) {
        this.given = List.copyOf(given);
        for (String name : given) {
            canonical.add(new X500Principal(name).getName(X500Principal.CANONICAL));
        }
    }

    /** Nobody beyond loopback: the default. */
    public static AdminSubjects none() {
        return NONE;
    }

    /**
     * Parses the flag's names.
     *
     * @throws IllegalArgumentException naming the first entry that is not a distinguished name
     */
    public static AdminSubjects of(List<String> names) {
        List<String> kept = new ArrayList<>();
        for (String name : names) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("--admin-subjects has an empty entry");
            }
            try {
                new X500Principal(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--admin-subjects entry '" + trimmed
                        + "' is not a distinguished name (e.g. CN=ops,O=Example)");
            }
            kept.add(trimmed);
        }
        return kept.isEmpty() ? NONE : new AdminSubjects(kept);
    }

    public boolean isEmpty() {
        return given.isEmpty();
    }

    /** Whether a certificate with this subject may make admin calls. */
    public boolean admits(X500Principal subject) {
        return canonical.contains(subject.getName(X500Principal.CANONICAL));
    }

    public List<String> names() {
        return Collections.unmodifiableList(given);
    }

    @Override
    public String toString() {
        return String.join(",", given);
    }
}
