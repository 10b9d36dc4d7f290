package io.roro.core.spec;

/**
 * Text from a user's file or record, made safe to print on a terminal and in one-line formats: control characters
 * (line breaks, ESC, NUL, ...) and invisible ones (zero-width, bidirectional overrides, BOM) are written as escapes,
 * so a value can neither forge a line of output, move the cursor, nor hide what it is.
 */
public final class Visible {
    private Visible() {
    }

    /** {@code s} with control and invisible characters escaped ({@code \n}, {@code \x1b}, {@code \u200b}). */
    public static String text(String s) {
        return escape(s, false);
    }

    /**
     * A name (a key, a field path) with every character outside printable ASCII escaped as well: a look-alike
     * letter (Cyrillic "а" for Latin "a") shows as what it is.
     */
    public static String name(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean asciiOnly) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            String replacement = replacement(c, asciiOnly);
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : new String(Character.toChars(c)));
            }
            i += Character.charCount(c);
        }
        return out == null ? s : out.toString();
    }

    private static String replacement(int c, boolean asciiOnly) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case 0x1b:
                return "\\e";
            default:
                break;
        }
        int type = Character.getType(c);
        boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE;
        if (invisible || asciiOnly && (c < 0x20 || c > 0x7e)) {
            return c <= 0xff ? String.format("\\x%02x", c) : c <= 0xffff ? String.format("\\u%04x", c)
                    : String.format("\\U%08x", c);
        }
        return null;
    }
}
