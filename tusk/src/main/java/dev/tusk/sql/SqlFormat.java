package dev.tusk.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parser behind {@link Sql#format}: Python's {@code str.format} field syntax as psycopg's
 * {@code SQL.format} accepts it ({@code {}}, {@code {0}}, {@code {name}}, doubled braces), with
 * conversions and format specifications refused. One use per call: it tracks which arguments
 * the text used.
 */
final class SqlFormat {
    private final String template;
    private final List<Composable> positional;
    private final Map<String, ? extends Composable> named;
    private final boolean[] used;
    private int nextAuto;
    private boolean automatic;
    private boolean manual;

    private SqlFormat(String template, List<Composable> positional, Map<String, ? extends Composable> named) {
        this.template = template;
        this.positional = positional;
        this.named = named;
        this.used = new boolean[positional.size()];
    }

    /**
     * The template with its fields replaced.
     *
     * @param template   the format string
     * @param positional the arguments of {@code {}} and {@code {n}} fields
     * @param named      the arguments of {@code {name}} fields
     * @return the Sql text between fields and the arguments, in order
     * @throws IllegalArgumentException as {@link Sql#format(Composable...)}
     */
    static Composed format(String template, List<? extends Composable> positional,
                           Map<String, ? extends Composable> named) {
        List<Composable> args = new ArrayList<>(positional.size());
        for (Object arg : positional) {
            args.add(Composed.checked(arg, "argument " + args.size()));
        }
        for (Map.Entry<String, ? extends Composable> e : named.entrySet()) {
            Composed.checked(e.getValue(), "argument '" + e.getKey() + "'");
        }
        return new SqlFormat(template, args, named).run();
    }

    private Composed run() {
        List<Composable> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int length = template.length();
        int i = 0;
        while (i < length) {
            char c = template.charAt(i);
            boolean doubled = i + 1 < length && template.charAt(i + 1) == c;
            if (c == '{' && !doubled) {
                int close = template.indexOf('}', i + 1);
                if (close < 0) {
                    throw error("unmatched '{' at position " + i + "; write '{{' for a literal brace");
                }
                if (text.length() > 0) {
                    parts.add(Sql.of(text.toString()));
                    text.setLength(0);
                }
                parts.add(argument(template.substring(i + 1, close)));
                i = close + 1;
            } else if (c == '}' && !doubled) {
                throw error("single '}' at position " + i + "; write '}}' for a literal brace");
            } else {
                text.append(c);
                i += c == '{' || c == '}' ? 2 : 1;
            }
        }
        if (text.length() > 0) {
            parts.add(Sql.of(text.toString()));
        }
        for (int a = 0; a < used.length; a++) {
            if (!used[a]) {
                throw error("argument " + a + " is not used: the format string has no field for it");
            }
        }
        return new Composed(parts);
    }

    /** The argument of the field {@code {field}}. */
    private Composable argument(String field) {
        if (field.isEmpty()) {
            if (manual) {
                throw error("cannot switch from manual field numbering ({0}) to automatic ({})");
            }
            automatic = true;
            return positional(nextAuto++, "{}");
        }
        if (field.indexOf('!') >= 0) {
            throw error("conversions are not allowed in Sql.format(): {" + field + "}");
        }
        if (field.indexOf(':') >= 0) {
            throw error("format specifications are not allowed in Sql.format(): {" + field + "}");
        }
        if (field.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            if (automatic) {
                throw error("cannot switch from automatic field numbering ({}) to manual ({0})");
            }
            manual = true;
            // A number too long for an int is out of range anyway.
            int index = field.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(field);
            return positional(index, "{" + field + "}");
        }
        if (!field.chars().allMatch(ch -> ch == '_' || Character.isLetterOrDigit(ch))) {
            throw error("invalid field {" + field + "}: use {}, {0} or {name} (letters, digits, _)");
        }
        Composable arg = named.get(field);
        if (arg == null) {
            throw error("no argument named '" + field + "' for the field {" + field + "}");
        }
        return arg;
    }

    private Composable positional(int index, String field) {
        if (index >= positional.size()) {
            throw error("the field " + field + " needs argument " + index + " but "
                    + positional.size() + (positional.size() == 1 ? " argument was" : " arguments were") + " given");
        }
        used[index] = true;
        return positional.get(index);
    }

    private IllegalArgumentException error(String message) {
        // Long templates are cut: the start is enough to recognise the call.
        String shown = template.length() <= 200 ? template : template.substring(0, 200) + "...";
        return new IllegalArgumentException(message + " (in format string \"" + shown + "\")");
    }
}
