package dev.tusk.types;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A parameter that dumps as PostgreSQL {@code money}. {@code money} columns load as a plain
 * {@link BigDecimal}; no Java class maps to {@code money} by itself (a {@code BigDecimal} is
 * {@code numeric}, which the server only casts to {@code money} on assignment or explicitly),
 * hence this wrapper.
 *
 * <pre>{@code
 * cur.execute("INSERT INTO prices (amount) VALUES (%s)", new Money(new BigDecimal("1234.56")));
 * BigDecimal amount = (BigDecimal) cur.execute("SELECT amount FROM prices").fetchOne().get(0);
 * cur.mogrify("%s", new Money(new BigDecimal("-1.5")));   // '-1.5'::numeric::money
 * }</pre>
 *
 * <p>{@code money} depends on the server's {@code lc_monetary}: Tusk assumes a locale with a
 * {@code .} decimal point and two fraction digits ({@code C}, {@code en_US}, ...). The value is
 * sent as plain text ({@code -1234.56}), which the server rounds to its fraction digits; the
 * literal goes through {@code numeric}, whose cast does not depend on the decimal point.
 *
 * @param amount the amount, not {@code null}
 */
public record Money(BigDecimal amount) {

    /**
     * Creates the wrapper.
     *
     * @param amount the amount, not {@code null}
     */
    public Money {
        Objects.requireNonNull(amount, "amount");
    }

    /**
     * The amount as plain digits, e.g. {@code -1234.56}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return amount.toPlainString();
    }
}
