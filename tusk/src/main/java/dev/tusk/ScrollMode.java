package dev.tusk;

/** How {@link Cursor#scroll(int, ScrollMode)} reads its offset. */
public enum ScrollMode {
    /** From the current position. */
    RELATIVE,
    /** From the start of the result. */
    ABSOLUTE
}
