package dev.tusk.types;

import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import java.util.HashMap;
import java.util.Map;

/**
 * A PostgreSQL enum as a Java enum. Both formats are the label's text. Each constant stands
 * for the label equal to its {@code name()}, else for the one label equal to it ignoring case
 * ({@code HAPPY} for {@code happy}); constants without a label cannot be dumped, labels
 * without a constant cannot be loaded.
 */
final class EnumCodec<E extends Enum<E>> {
    private final TypeInfo info;
    private final Class<E> type;
    private final Map<String, E> byLabel = new HashMap<>();
    /** By ordinal; {@code null} for a constant without a label. */
    private final String[] labels;

    EnumCodec(TypeInfo info, Class<E> type) {
        this.info = info;
        this.type = type;
        E[] constants = type.getEnumConstants();
        labels = new String[constants.length];
        for (E e : constants) {
            String label = info.labels().contains(e.name()) ? e.name() : null;
            if (label == null) {
                var same = info.labels().stream().filter(l -> l.equalsIgnoreCase(e.name())).toList();
                label = same.size() == 1 ? same.get(0) : null;
            }
            if (label != null) {
                labels[e.ordinal()] = label;
                byLabel.put(label, e);
            }
        }
    }

    /** Loads a label (either format) as its constant. */
    Loader<E> loader() {
        return (b, off, len, ctx) -> {
            String label = Bytes.utf8(b, off, len);
            E e = byLabel.get(label);
            if (e == null) {
                throw new DataException("label '" + label + "' of enum type " + info.sqlName()
                        + " has no constant in " + type.getName() + " (its constants are "
                        + java.util.Arrays.toString(type.getEnumConstants()) + ")");
            }
            return e;
        };
    }

    /** Dumps a constant as its label, declaring the enum type (in binary: its form is the label). */
    Dumper<E> dumper() {
        return new SimpleDumper<>(info.oid(), Format.BINARY, (v, out) -> out.writeUtf8(label(v)),
                v -> Literals.quoteString(label(v)) + "::" + info.sqlName());
    }

    private String label(E e) {
        String label = labels[e.ordinal()];
        if (label == null) {
            throw new ProgrammingException(type.getSimpleName() + "." + e.name() + " has no label in enum type "
                    + info.sqlName() + ", whose labels are " + info.labels());
        }
        return label;
    }
}
