package dev.tusk.types;

/**
 * Which type is a range of which subtype, and which multirange type goes with it
 * ({@code pg_range}'s {@code rngtypid}, {@code rngsubtype}, {@code rngmultitypid}). Immutable:
 * a scope of {@link Adapters} holds one and replaces it when a range type is registered.
 */
final class RangeTypes {

    /**
     * One range type.
     *
     * @param rangeOid      the range type's OID, e.g. 3904 for {@code int4range}
     * @param subtypeOid    its subtype's OID, e.g. 23 for {@code int4}
     * @param multirangeOid its multirange type's OID, e.g. 4451 for {@code int4multirange};
     *                      0 when unknown
     */
    record RangeType(int rangeOid, int subtypeOid, int multirangeOid) {
    }

    /**
     * Range, subtype, multirange: the built-in range types ({@code SELECT rngtypid,
     * rngsubtype, rngmultitypid FROM pg_range}), checked against the server by
     * {@code RangesTest}.
     */
    private static final int[] BUILTIN = {
        Oids.INT4RANGE, Oids.INT4, Oids.INT4MULTIRANGE,
        Oids.NUMRANGE, Oids.NUMERIC, Oids.NUMMULTIRANGE,
        Oids.TSRANGE, Oids.TIMESTAMP, Oids.TSMULTIRANGE,
        Oids.TSTZRANGE, Oids.TIMESTAMPTZ, Oids.TSTZMULTIRANGE,
        Oids.DATERANGE, Oids.DATE, Oids.DATEMULTIRANGE,
        Oids.INT8RANGE, Oids.INT8, Oids.INT8MULTIRANGE,
    };

    /** The built-in range types. */
    static final RangeTypes BUILTINS = builtins();

    private final IntMap<RangeType> byRange;
    private final IntMap<RangeType> byMultirange;
    /** What a {@link Range} of a subtype dumps as. */
    private final IntMap<RangeType> bySubtype;

    private RangeTypes(IntMap<RangeType> byRange, IntMap<RangeType> byMultirange, IntMap<RangeType> bySubtype) {
        this.byRange = byRange;
        this.byMultirange = byMultirange;
        this.bySubtype = bySubtype;
    }

    private static RangeTypes builtins() {
        RangeTypes t = new RangeTypes(IntMap.empty(), IntMap.empty(), IntMap.empty());
        for (int i = 0; i < BUILTIN.length; i += 3) {
            t = t.with(new RangeType(BUILTIN[i], BUILTIN[i + 1], BUILTIN[i + 2]));
        }
        return t;
    }

    /** The range type with this OID, or {@code null}. */
    RangeType ofRange(int rangeOid) {
        return byRange.get(rangeOid);
    }

    /** The range type whose multirange type has this OID, or {@code null}. */
    RangeType ofMultirange(int multirangeOid) {
        return byMultirange.get(multirangeOid);
    }

    /** The range type that ranges of this subtype dump as, or {@code null}. */
    RangeType ofSubtype(int subtypeOid) {
        return bySubtype.get(subtypeOid);
    }

    /**
     * A copy that knows {@code type}, forgetting what it replaces. Ranges of its subtype
     * dump as it unless the subtype has a built-in range type: a user's range over
     * {@code int4} does not change what {@code Range<Integer>} is.
     */
    RangeTypes with(RangeType type) {
        IntMap<RangeType> ranges = byRange;
        IntMap<RangeType> multiranges = byMultirange;
        IntMap<RangeType> subtypes = bySubtype;
        for (RangeType old : new RangeType[] {ranges.get(type.rangeOid()), multiranges.get(type.multirangeOid())}) {
            if (old != null) {
                ranges = ranges.without(old.rangeOid());
                multiranges = multiranges.without(old.multirangeOid());
                if (subtypes.get(old.subtypeOid()) == old) {
                    subtypes = subtypes.without(old.subtypeOid());
                }
            }
        }
        ranges = ranges.with(type.rangeOid(), type);
        if (type.multirangeOid() != 0) {
            multiranges = multiranges.with(type.multirangeOid(), type);
        }
        RangeType current = subtypes.get(type.subtypeOid());
        if (current == null || !isBuiltin(current)) {
            subtypes = subtypes.with(type.subtypeOid(), type);
        }
        return new RangeTypes(ranges, multiranges, subtypes);
    }

    private static boolean isBuiltin(RangeType t) {
        return BUILTINS != null && t.equals(BUILTINS.ofRange(t.rangeOid()));
    }

    /** The built-in range, subtype, multirange OID triples, for the test that checks them against the server. */
    static int[] builtinTriples() {
        return BUILTIN.clone();
    }
}
