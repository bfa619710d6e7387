package dev.tusk.types;

import dev.tusk.errors.DataException;
import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.ProgrammingException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Java record bound to a composite type, component to field by name: builds records from
 * field values and reads field values out of records, through method handles looked up once.
 */
final class RecordBinding {
    private final Class<?> type;
    private final TypeInfo info;
    /** The canonical constructor, taking the components in an {@code Object[]}. */
    private final MethodHandle constructor;
    /** Per field: the accessor of its component, {@code (Object) -> Object}. */
    private final MethodHandle[] accessors;
    /** Per component: its field's position. */
    private final int[] fieldOf;
    /** Per component: its type, boxed. */
    private final Class<?>[] componentTypes;
    private final RecordComponent[] components;

    private RecordBinding(Class<?> type, TypeInfo info, MethodHandle constructor, MethodHandle[] accessors,
            int[] fieldOf, RecordComponent[] components) {
        this.type = type;
        this.info = info;
        this.constructor = constructor;
        this.accessors = accessors;
        this.fieldOf = fieldOf;
        this.components = components;
        this.componentTypes = new Class<?>[components.length];
        for (int c = 0; c < components.length; c++) {
            componentTypes[c] = MethodType.methodType(components[c].getType()).wrap().returnType();
        }
    }

    /**
     * Binds a record class to a composite type.
     *
     * @throws ProgrammingException if the components' names are not the fields' (the message
     *                              names what is missing on either side)
     * @throws InterfaceException   if the record's constructor or accessors are not accessible
     */
    static RecordBinding of(Class<? extends Record> type, TypeInfo info) {
        RecordComponent[] components = type.getRecordComponents();
        int[] fieldOf = new int[components.length];
        List<String> noField = new ArrayList<>();
        for (int c = 0; c < components.length; c++) {
            fieldOf[c] = info.fieldIndex(components[c].getName());
            if (fieldOf[c] < 0) {
                noField.add(components[c].getName());
            }
        }
        List<String> noComponent = new ArrayList<>();
        for (TypeInfo.Field f : info.fields()) {
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(f.name()))) {
                noComponent.add(f.name());
            }
        }
        if (!noField.isEmpty() || !noComponent.isEmpty()) {
            throw new ProgrammingException("the fields " + info.fields().stream().map(TypeInfo.Field::name).toList()
                    + " of composite type " + info.sqlName() + " do not match the components of "
                    + type.getSimpleName()
                    + (noComponent.isEmpty() ? "" : ": no component for " + noComponent)
                    + (noField.isEmpty() ? "" : (noComponent.isEmpty() ? ": " : "; ") + "no field for " + noField));
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        MethodType asObject = MethodType.methodType(Object.class, Object.class);
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, types))
                    .asSpreader(Object[].class, types.length);
            MethodHandle[] accessors = new MethodHandle[components.length];
            for (int c = 0; c < components.length; c++) {
                accessors[fieldOf[c]] = lookup.unreflect(components[c].getAccessor()).asType(asObject);
            }
            return new RecordBinding(type, info, constructor, accessors, fieldOf, components);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new InterfaceException("cannot use the constructor and accessors of " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The composite type. */
    TypeInfo info() {
        return info;
    }

    /** The type of the component bound to a field, boxed. */
    Class<?> fieldType(int field) {
        for (int c = 0; c < fieldOf.length; c++) {
            if (fieldOf[c] == field) {
                return componentTypes[c];
            }
        }
        throw new IllegalArgumentException("no field " + field);
    }

    /**
     * A record of the field values (in field order).
     *
     * @throws DataException if a value does not fit its component (NULL for a primitive, or
     *                       another class than the component's)
     */
    Object make(Object[] fields) {
        Object[] args = new Object[fieldOf.length];
        for (int c = 0; c < args.length; c++) {
            Object v = fields[fieldOf[c]];
            if (v == null ? components[c].getType().isPrimitive() : !componentTypes[c].isInstance(v)) {
                throw new DataException("field \"" + components[c].getName() + "\" of composite type "
                        + info.sqlName() + " loads as " + (v == null ? "NULL" : v.getClass().getName())
                        + ", which component " + components[c].getType().getName() + " "
                        + components[c].getName() + " of " + type.getSimpleName() + " cannot hold");
            }
            args[c] = v;
        }
        try {
            return constructor.invoke(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new InterfaceException("constructing " + type.getSimpleName() + " failed: " + t, t);
        }
    }

    /** The record's component values, in field order. */
    Object[] values(Object record) {
        Object[] values = new Object[accessors.length];
        try {
            for (int f = 0; f < values.length; f++) {
                values[f] = accessors[f].invokeExact(record);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new InterfaceException("reading the components of " + type.getSimpleName() + " failed: " + t, t);
        }
        return values;
    }
}
