package dev.tusk;

import dev.tusk.errors.ProgrammingException;
import dev.tusk.types.Literals;
import java.util.List;
import java.util.Objects;

/**
 * What a server-side cursor knows and says, whichever connection carries its statements:
 * its name and options, the text of its {@code DECLARE}, {@code FETCH}, {@code MOVE} and
 * {@code CLOSE}, the batch of rows read and not yet returned, its position, and the rules for
 * closing it. {@link ServerCursor} sends the statements and waits; {@link AsyncServerCursor}
 * sends them and returns futures. Neither sends a statement of its own making, so the two
 * cannot drift apart.
 *
 * <p>Positions are 0-based row indexes, as {@code rowNumber()} reports them. Not thread-safe:
 * one operation at a time.
 */
final class NamedCursor<R> {
    /** A {@link #fetchStatement} count meaning every remaining row. */
    static final int ALL = -1;
    private static final int DEFAULT_ITERSIZE = 100;

    /** What closing a declared cursor takes, given the transaction status it meets. */
    enum Closing {
        /** Nothing: the server dropped it already, or takes no command now. */
        NOTHING,
        /** Ask {@link #existsQuery()}, then send {@link #closeStatement()} if it found the cursor. */
        IF_EXISTS,
        /** Send {@link #closeStatement()} outside a transaction; a missing cursor is no error. */
        OUTSIDE_TRANSACTION
    }

    /**
     * A scroll that needs the server: the {@code MOVE} to send, and what {@link #moved} needs
     * to interpret its answer.
     *
     * @param sql            the statement
     * @param target         the position asked for
     * @param serverPosition where the server stood (a forward move counts from there)
     * @param backward       whether it is an absolute move back
     */
    record Move(String sql, long target, long serverPosition, boolean backward) {
    }

    private final String name;
    private final String identifier;
    private final RowFactory<R> rowFactory;
    private Boolean scrollable;
    private boolean withHold;
    private int itersize = DEFAULT_ITERSIZE;

    // The current declaration.
    private boolean declared;
    private boolean declaredWithHold;
    private String declaration;
    private ResultShape shape;
    private RowMaker<R> maker;
    private String status;
    private long executions;
    /** Rows read from the server and not yet returned: at most one batch. */
    private List<byte[]> batch = List.of();
    private int batchPos;
    /** The index of the next row to return. */
    private long position;
    /** Rows read from the server since the declaration. */
    private long fetched;
    /** Whether the server's cursor is past its last row (a FETCH or MOVE came back short). */
    private boolean exhausted;

    NamedCursor(String name, RowFactory<R> rowFactory) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a cursor name must be non-empty and without NUL characters");
        }
        this.name = name;
        this.identifier = '"' + name.replace("\"", "\"\"") + '"';
        this.rowFactory = rowFactory;
    }

    /** Throws unless {@code size} is at least 1: batch sizes and array sizes. */
    static int atLeastOne(int size, String what) {
        if (size < 1) {
            throw new IllegalArgumentException(what + " must be at least 1");
        }
        return size;
    }

    // ---- options ---------------------------------------------------------------------------

    String name() {
        return name;
    }

    Boolean scrollable() {
        return scrollable;
    }

    void setScrollable(Boolean scrollable) {
        this.scrollable = scrollable;
    }

    boolean withHold() {
        return withHold;
    }

    void setWithHold(boolean withHold) {
        this.withHold = withHold;
    }

    int itersize() {
        return itersize;
    }

    void setItersize(int size) {
        this.itersize = atLeastOne(size, "itersize");
    }

    // ---- declaration -----------------------------------------------------------------------

    /**
     * Starts a new declaration: forgets the previous one's rows and position (its iterators
     * and streams end) and returns the head of the statement, {@code DECLARE "name" ... FOR },
     * to which the query is appended. The previous declaration must be closed first: the name
     * is taken on the server until then.
     */
    String declare() {
        executions++;
        shape = null;
        maker = null;
        status = null;
        batch = List.of();
        batchPos = 0;
        position = 0;
        fetched = 0;
        exhausted = false;
        StringBuilder head = new StringBuilder("DECLARE ").append(identifier);
        if (scrollable != null) {
            head.append(scrollable ? " SCROLL" : " NO SCROLL");
        }
        head.append(" CURSOR");
        if (withHold) {
            head.append(" WITH HOLD");
        }
        declaration = head.append(" FOR ").toString();
        return declaration;
    }

    /** The server took the {@code DECLARE}: from now on, closing has something to close. */
    void declared(Result declare) {
        declared = true;
        declaredWithHold = withHold;
        record(declare);
    }

    /** Zero rows from a cursor before its first row: the columns, and nothing is computed. */
    String describeStatement() {
        return "FETCH FORWARD 0 FROM " + identifier;
    }

    /**
     * The answer to {@link #describeStatement()}: fetching may begin. Ignored unless the
     * {@code DECLARE} was taken: a describe pipelined behind a refused one may have described
     * another object's cursor of the same name.
     */
    void described(ResultShape columns) {
        if (declared) {
            shape = columns;
        }
    }

    /** Counts a declaration: iterators and streams end when another one starts. */
    long executions() {
        return executions;
    }

    /** Notes the command tag of a statement sent for the cursor; returns the result. */
    Result record(Result r) {
        status = r.tag;
        return r;
    }

    // ---- fetching --------------------------------------------------------------------------

    /** Throws unless a declaration was described: there is a result to read. */
    void checkDeclared() {
        if (shape == null) {
            throw new ProgrammingException("no result available: execute() was not called");
        }
    }

    /** {@code FETCH FORWARD count}, or {@code ALL} for {@link #ALL}. */
    String fetchStatement(int count) {
        return "FETCH FORWARD " + (count == ALL ? "ALL" : String.valueOf(count)) + " FROM " + identifier;
    }

    /** Replaces the (used up) batch with the answer to {@link #fetchStatement fetchStatement(count)}. */
    void fetched(Result r, int count) {
        record(r);
        batch = r.rows;
        batchPos = 0;
        fetched += r.rows.size();
        exhausted = count == ALL || r.rows.size() < count;
    }

    /** Whether a row read from the server waits to be returned. */
    boolean buffered() {
        return batchPos < batch.size();
    }

    /** Whether the next row must be read first: none is held, and the end is not known. */
    boolean needsRows() {
        return !buffered() && !exhausted;
    }

    /** Whether every row has been read from the server. */
    boolean exhausted() {
        return exhausted;
    }

    /**
     * Moves held rows into {@code out} until it holds {@code limit} rows, and says how many
     * more to fetch to get there: 0 when none (enough, or the end is known), {@link #ALL}
     * when {@code limit} is {@link Long#MAX_VALUE}.
     */
    int take(List<R> out, long limit) {
        while (out.size() < limit && buffered()) {
            out.add(next());
        }
        if (out.size() >= limit || exhausted) {
            return 0;
        }
        return limit == Long.MAX_VALUE ? ALL : (int) (limit - out.size());
    }

    /** The next held row, made by the row factory. */
    R next() {
        if (maker == null) {
            maker = rowFactory.forColumns(shape.columns);
        }
        position++;
        return maker.make(new TupleRow(shape, batch.get(batchPos++)));
    }

    /** The next held row, or {@code null} when none is held. */
    R nextOrNull() {
        return buffered() ? next() : null;
    }

    // ---- scrolling -------------------------------------------------------------------------

    /**
     * Starts a scroll. A target before the first row, or past an end already known, throws
     * before anything is sent; a forward target within the held rows is reached at once
     * ({@code null}); any other needs the returned {@code MOVE}, whose answer goes to
     * {@link #moved}. Moving backwards needs a scrollable cursor: the server refuses otherwise.
     */
    Move scroll(int value, ScrollMode mode) {
        long target = mode == ScrollMode.ABSOLUTE ? value : position + value;
        if (target < 0) {
            throw new ProgrammingException("scroll position " + target + " out of bounds: before the first row");
        }
        long serverPosition = position + batch.size() - batchPos;
        if (target >= position && target <= serverPosition) {
            batchPos += (int) (target - position);
            position = target;
            return null;
        }
        if (target > serverPosition && exhausted) {
            throw outOfBounds(target, serverPosition);
        }
        if (target < position) {
            // Absolute, so that the server lands on the row before the target whether or not
            // it stands past the end (where a relative move would count one row more).
            return new Move("MOVE ABSOLUTE " + target + " FROM " + identifier, target, serverPosition, true);
        }
        return new Move("MOVE FORWARD " + (target - serverPosition) + " FROM " + identifier, target, serverPosition,
                false);
    }

    /**
     * Ends a scroll with the server's answer. The held rows are dropped only now: a refused
     * {@code MOVE} leaves both where they were. A target past the end throws, leaving the
     * cursor after the last row.
     */
    void moved(Move move, Result r) {
        record(r);
        batch = List.of();
        batchPos = 0;
        if (move.backward()) {
            position = move.target();
            exhausted = false;
            return;
        }
        long wanted = move.target() - move.serverPosition();
        long moved = r.rowCount();
        position = move.serverPosition() + moved;
        exhausted = moved < wanted;
        if (exhausted) {
            throw outOfBounds(move.target(), position);
        }
    }

    private static ProgrammingException outOfBounds(long target, long rows) {
        return new ProgrammingException("scroll position " + target + " out of bounds: the result has " + rows
                + " rows");
    }

    // ---- closing ---------------------------------------------------------------------------

    /**
     * Forgets the declaration (a second close sends nothing) and says what closing it on the
     * server takes when the connection's transaction status is {@code status}.
     */
    Closing closing(TransactionStatus status) {
        if (!declared) {
            return Closing.NOTHING;
        }
        declared = false;
        return switch (status) {
            // The transaction open now may not be the one that declared the cursor, or a
            // rolled back savepoint may have dropped it: CLOSE of a missing cursor would abort
            // the transaction, so ask first.
            case INTRANS -> Closing.IF_EXISTS;
            // Outside a transaction only a WITH HOLD cursor outlives its transaction, and
            // even then the declaring transaction may have rolled back.
            case IDLE -> declaredWithHold ? Closing.OUTSIDE_TRANSACTION : Closing.NOTHING;
            // A failed transaction refuses every command, and its rollback drops the cursor
            // (unless WITH HOLD from an earlier transaction: it lasts until the session ends);
            // a closed connection dropped it; a command running on another thread has the
            // connection.
            default -> Closing.NOTHING;
        };
    }

    /** One row when the cursor is open in this session. */
    String existsQuery() {
        // The cast truncates as the server truncated a long name.
        return "SELECT 1 FROM pg_catalog.pg_cursors WHERE name = " + Literals.quoteString(name)
                + "::pg_catalog.name::text";
    }

    String closeStatement() {
        return "CLOSE " + identifier;
    }

    /** Drops the held rows: the cursor is closed. */
    void release() {
        batch = List.of();
        batchPos = 0;
    }

    // ---- state -----------------------------------------------------------------------------

    List<Column> description() {
        return shape == null ? null : shape.columns;
    }

    long rowCount() {
        return shape == null ? -1 : fetched;
    }

    Integer rowNumber() {
        return shape == null ? null : (int) Math.min(position, Integer.MAX_VALUE);
    }

    String statusMessage() {
        return status;
    }

    /** The last {@code DECLARE} as sent, given its query as rendered; {@code null} before one. */
    String query(String rendered) {
        return rendered == null ? null : declaration + rendered;
    }
}
