package dev.tusk.types;

import dev.tusk.errors.ProgrammingException;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A value of a composite type registered with {@link Adapters#registerComposite(TypeInfo)}:
 * its fields by position or by name, each loaded with its type's loader (so a nested
 * composite is a {@code Composite}, an array a {@link PgArray}). An immutable {@link List} of
 * the field values ({@code null} for NULL) that compares as a {@code List}: the type is not
 * part of {@code equals}.
 *
 * <pre>{@code
 * // CREATE TYPE card AS (value int, suit text)
 * conn.adapters().registerComposite(conn.typeInfo("card"));
 * Composite c = (Composite) conn.execute("SELECT (8, 'hearts')::card").fetchOne().get(0);
 * c.get("suit");                  // "hearts"
 * c.equals(List.of(8, "hearts")); // true
 * }</pre>
 *
 * <p>It dumps back as a parameter in the composite's text form, with the type left to the
 * server ({@code INSERT INTO hands (c) VALUES (%s)}), in any scope where a composite type is
 * registered.
 */
public final class Composite extends AbstractList<Object> implements RandomAccess {
    private final TypeInfo type;
    private final Object[] values;

    /** Takes {@code values}, as many as the type's fields, without copying. */
    Composite(TypeInfo type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    /**
     * The composite type.
     *
     * @return its info
     */
    public TypeInfo type() {
        return type;
    }

    /**
     * A field's value.
     *
     * @param index the field's position, from 0
     * @return the value, {@code null} for NULL
     * @throws IndexOutOfBoundsException if there is no such field
     */
    @Override
    public Object get(int index) {
        return values[index];
    }

    /**
     * A field's value by name.
     *
     * @param field the field's name, as in {@link TypeInfo.Field#name()}
     * @return the value, {@code null} for NULL
     * @throws ProgrammingException if the type has no such field
     */
    public Object get(String field) {
        int i = type.fieldIndex(field);
        if (i < 0) {
            throw new ProgrammingException("composite type " + type.sqlName() + " has no field \"" + field
                    + "\"; its fields are " + fieldNames());
        }
        return values[i];
    }

    /**
     * The number of fields.
     *
     * @return the size
     */
    @Override
    public int size() {
        return values.length;
    }

    /**
     * The fields' names, in order.
     *
     * @return the names
     */
    public List<String> fieldNames() {
        return type.fields().stream().map(TypeInfo.Field::name).toList();
    }

    /** {@code card(value=8, suit=hearts)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.sqlName()).append('(');
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(type.fields().get(i).name()).append('=').append(values[i]);
        }
        return sb.append(')').toString();
    }
}
