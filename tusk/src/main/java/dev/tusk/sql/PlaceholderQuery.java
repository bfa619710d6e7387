package dev.tusk.sql;

import dev.tusk.errors.ProgrammingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A query written with psycopg 3 placeholders, converted to PostgreSQL's {@code $n} form.
 *
 * <ul>
 *   <li>{@code %s}, {@code %b}, {@code %t}: positional parameters in {@link ParamFormat#AUTO},
 *       {@link ParamFormat#BINARY} or {@link ParamFormat#TEXT} format;</li>
 *   <li>{@code %(name)s}, {@code %(name)b}, {@code %(name)t}: named parameters; every use of a
 *       name maps to the same {@code $n} and must ask for the same format;</li>
 *   <li>{@code %%}: a literal {@code %}.</li>
 * </ul>
 *
 * <p>As in psycopg, placeholders are recognised everywhere, inside quotes and comments too:
 * write {@code %%} for a literal percent sign. Any other use of {@code %}, and mixing
 * positional and named placeholders, throws {@link ProgrammingException}. A {@code $1} already
 * in the text is left alone. Note that, as in psycopg, the {@code $n} is pasted in verbatim,
 * so a placeholder directly followed by a digit ({@code %s0}) reads as another parameter number.
 *
 * <pre>{@code
 * PlaceholderQuery q = PlaceholderQuery.parse("SELECT * FROM t WHERE a = %(a)s OR b = %(a)s AND c LIKE 'x%%'");
 * q.sql();                      // SELECT * FROM t WHERE a = $1 OR b = $1 AND c LIKE 'x%'
 * q.bind(Map.of("a", 42));      // [42]
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #parse(String)} keeps a small LRU cache of parsed queries.
 */
public final class PlaceholderQuery {
    /** How many parsed queries {@link #parse(String)} keeps. */
    static final int CACHE_SIZE = 256;
    /** Longer query texts are parsed every time rather than pinned in the cache. */
    static final int MAX_CACHED_LENGTH = 64 * 1024;
    /** The protocol's limit: Bind and Parse count parameters in an unsigned 16-bit integer. */
    static final int MAX_PARAMETERS = 65535;

    private static final Map<String, PlaceholderQuery> CACHE = new LinkedHashMap<>(CACHE_SIZE * 4 / 3 + 1, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlaceholderQuery> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final String original;
    /** The literal text between placeholders ({@code %%} already unescaped): one more than {@link #slots}. */
    private final String[] chunks;
    /** For each placeholder occurrence, the 0-based index of its parameter. */
    private final int[] slots;
    private final boolean named;
    private final List<String> names;
    private final List<ParamFormat> formats;
    private final String sql;

    private PlaceholderQuery(String original, String[] chunks, int[] slots, boolean named,
                             List<String> names, List<ParamFormat> formats) {
        this.original = original;
        this.chunks = chunks;
        this.slots = slots;
        this.named = named;
        this.names = names;
        this.formats = formats;
        StringBuilder sb = new StringBuilder(original.length() + 4 * slots.length);
        sb.append(chunks[0]);
        for (int i = 0; i < slots.length; i++) {
            sb.append('$').append(slots[i] + 1).append(chunks[i + 1]);
        }
        this.sql = sb.toString();
    }

    /**
     * Parses a query, or returns the cached result of an earlier parse of the same text.
     * Safe for concurrent use; failures are not cached.
     *
     * @param query the query with psycopg placeholders
     * @return the parsed query
     * @throws ProgrammingException if a {@code %} is not a valid placeholder or {@code %%},
     *                              positional and named placeholders are mixed, a name is
     *                              used with two formats, or there are more than 65535 parameters
     */
    public static PlaceholderQuery parse(String query) {
        Objects.requireNonNull(query, "query");
        if (query.length() > MAX_CACHED_LENGTH) {
            return parseUncached(query);
        }
        synchronized (CACHE) {
            PlaceholderQuery cached = CACHE.get(query);
            if (cached != null) {
                return cached;
            }
        }
        PlaceholderQuery parsed = parseUncached(query);
        synchronized (CACHE) {
            CACHE.putIfAbsent(query, parsed);
        }
        return parsed;
    }

    /** The number of cached parses: for tests. */
    static int cacheSize() {
        synchronized (CACHE) {
            return CACHE.size();
        }
    }

    /**
     * Parses a query without touching the cache.
     *
     * @param query the query with psycopg placeholders
     * @return the parsed query
     * @throws ProgrammingException as {@link #parse(String)}
     */
    static PlaceholderQuery parseUncached(String query) {
        List<String> chunks = new ArrayList<>();
        int[] slots = new int[8];
        int slotCount = 0;
        List<ParamFormat> formats = new ArrayList<>();
        Map<String, Integer> nameIndex = null; // non-null once the query is known to be named
        boolean positional = false;

        StringBuilder chunk = new StringBuilder();
        int length = query.length();
        int pos = 0;
        while (true) {
            int pct = query.indexOf('%', pos);
            if (pct < 0) {
                chunk.append(query, pos, length);
                break;
            }
            chunk.append(query, pos, pct);
            if (pct + 1 == length) {
                throw new ProgrammingException("incomplete placeholder: '%'");
            }
            char c = query.charAt(pct + 1);
            int slot;
            if (c == '%') {
                chunk.append('%');
                pos = pct + 2;
                continue;
            } else if (c == '(') {
                int close = query.indexOf(')', pct + 2);
                if (close < 0 || close == pct + 2 || close + 1 == length) {
                    throw new ProgrammingException("incomplete placeholder: '" + upToWhitespace(query, pct) + "'");
                }
                ParamFormat format = ParamFormat.ofLetter(query.charAt(close + 1));
                if (format == null) {
                    throw new ProgrammingException("only '%s', '%b', '%t' are allowed as placeholders, got '"
                            + query.substring(pct, close + 1) + codePointText(query, close + 1) + "'");
                }
                if (positional) {
                    throw mixed();
                }
                if (nameIndex == null) {
                    nameIndex = new HashMap<>();
                }
                String name = query.substring(pct + 2, close);
                Integer index = nameIndex.get(name);
                if (index == null) {
                    slot = formats.size();
                    nameIndex.put(name, slot);
                    formats.add(format);
                } else {
                    slot = index;
                    if (formats.get(slot) != format) {
                        throw new ProgrammingException("placeholder '" + name + "' cannot have different formats: '%"
                                + formats.get(slot).letter() + "' and '%" + format.letter() + "'");
                    }
                }
                pos = close + 2;
            } else {
                ParamFormat format = ParamFormat.ofLetter(c);
                if (format == null) {
                    if (c == ' ') {
                        throw new ProgrammingException("incomplete placeholder: '%'; if you want to use '%' as an"
                                + " operator you can double it up, i.e. use '%%'");
                    }
                    throw new ProgrammingException("only '%s', '%b', '%t' are allowed as placeholders, got '%"
                            + codePointText(query, pct + 1) + "'");
                }
                if (nameIndex != null) {
                    throw mixed();
                }
                positional = true;
                slot = formats.size();
                formats.add(format);
                pos = pct + 2;
            }
            if (formats.size() > MAX_PARAMETERS) {
                throw new ProgrammingException("the query has more than " + MAX_PARAMETERS
                        + " parameters, the PostgreSQL protocol limit");
            }
            if (slotCount == slots.length) {
                slots = Arrays.copyOf(slots, slotCount * 2);
            }
            slots[slotCount++] = slot;
            chunks.add(chunk.toString());
            chunk.setLength(0);
        }
        chunks.add(chunk.toString());

        List<String> names;
        if (nameIndex == null) {
            names = List.of();
        } else {
            String[] ordered = new String[nameIndex.size()];
            nameIndex.forEach((name, index) -> ordered[index] = name);
            names = List.of(ordered);
        }
        return new PlaceholderQuery(query, chunks.toArray(new String[0]), Arrays.copyOf(slots, slotCount),
                nameIndex != null, names, List.copyOf(formats));
    }

    /**
     * The query for the server: every placeholder replaced by its {@code $n}, {@code %%} by {@code %}.
     *
     * @return the PostgreSQL query text
     */
    public String sql() {
        return sql;
    }

    /**
     * The query text as given to {@link #parse(String)}.
     *
     * @return the original text
     */
    public String original() {
        return original;
    }

    /**
     * The number of distinct parameters: the number of placeholders for a positional query,
     * the number of distinct names for a named one.
     *
     * @return the highest {@code $n}
     */
    public int parameterCount() {
        return formats.size();
    }

    /**
     * Whether the query uses named placeholders. A query without placeholders is not named.
     *
     * @return {@code true} for {@code %(name)s} placeholders
     */
    public boolean isNamed() {
        return named;
    }

    /**
     * The parameter names in order of first use: the n-th name is parameter {@code $n+1}.
     *
     * @return an immutable list, empty for a positional query
     */
    public List<String> names() {
        return names;
    }

    /**
     * The format each parameter asked for: the n-th entry is parameter {@code $n+1}'s.
     *
     * @return an immutable list of {@link #parameterCount()} formats
     */
    public List<ParamFormat> formats() {
        return formats;
    }

    /**
     * Checks positional arguments against the placeholders.
     *
     * @param args one value per placeholder, in order
     * @return a copy of {@code args}, parameter {@code $n} at index n-1
     * @throws ProgrammingException if the count differs from the placeholders', or the query
     *                              uses named placeholders
     */
    public Object[] bind(Object[] args) {
        Objects.requireNonNull(args, "args");
        if (named) {
            throw new ProgrammingException("named placeholders require a mapping of parameters");
        }
        if (args.length != formats.size()) {
            throw new ProgrammingException("the query has " + formats.size() + " placeholders but "
                    + args.length + " parameters were passed");
        }
        return args.clone();
    }

    /**
     * Orders named arguments as the query's parameters. Keys the query does not use are ignored.
     *
     * @param args the values by name; {@code null} values are SQL NULLs
     * @return the values, parameter {@code $n} at index n-1
     * @throws ProgrammingException if names are missing (all of them are listed), or the query
     *                              uses positional placeholders
     */
    public Object[] bind(Map<String, ?> args) {
        Objects.requireNonNull(args, "args");
        if (!named) {
            if (formats.isEmpty()) {
                return new Object[0];
            }
            throw new ProgrammingException("positional placeholders (%s) require a sequence of parameters");
        }
        Object[] out = new Object[names.size()];
        TreeSet<String> missing = null;
        for (int i = 0; i < out.length; i++) {
            String name = names.get(i);
            Object value = args.get(name);
            if (value == null && !args.containsKey(name)) {
                if (missing == null) {
                    missing = new TreeSet<>();
                }
                missing.add(name);
            }
            out[i] = value;
        }
        if (missing != null) {
            throw new ProgrammingException("query parameter missing: " + String.join(", ", missing));
        }
        return out;
    }

    /**
     * The original query with each placeholder replaced by its parameter's literal, as
     * psycopg's {@code mogrify} shows it; {@code %%} becomes {@code %}.
     *
     * @param literals one SQL literal per parameter ({@link #parameterCount()} of them), in
     *                 {@code $n} order; a name used twice renders its literal twice
     * @return the query text with literals inlined
     * @throws ProgrammingException if the number of literals is not the parameter count
     */
    public String render(String[] literals) {
        Objects.requireNonNull(literals, "literals");
        if (literals.length != formats.size()) {
            throw new ProgrammingException("the query has " + formats.size() + " parameters but "
                    + literals.length + " literals were passed");
        }
        int size = original.length();
        for (int slot : slots) {
            size += Objects.requireNonNull(literals[slot], "literal").length();
        }
        StringBuilder sb = new StringBuilder(size);
        sb.append(chunks[0]);
        for (int i = 0; i < slots.length; i++) {
            sb.append(literals[slots[i]]).append(chunks[i + 1]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return sql;
    }

    private static ProgrammingException mixed() {
        return new ProgrammingException("positional and named placeholders cannot be mixed");
    }

    /** The text from {@code start} to the next whitespace, as psycopg quotes a broken placeholder. */
    private static String upToWhitespace(String query, int start) {
        int end = start;
        while (end < query.length() && !Character.isWhitespace(query.charAt(end))) {
            end++;
        }
        return query.substring(start, end);
    }

    /** The whole code point at {@code index}, so a surrogate pair is never split in a message. */
    private static String codePointText(String query, int index) {
        return new String(Character.toChars(query.codePointAt(index)));
    }
}
