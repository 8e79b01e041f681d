package dev.awsvault.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ini reader. It follows {@code gopkg.in/ini.v1} (v1.67) with the options aws-vault passes
 * ({@code AllowNestedValues}, {@code InsensitiveKeys}, case-sensitive sections) and the ByteNess fork's
 * {@code SpaceBeforeInlineComment}, and it is lenient where the AWS CLI's parser (Python's
 * {@code RawConfigParser}) accepts a file that ini.v1 rejects. See {@link ConfigFile} for the rules.
 */
final class IniParser {

    /** ini.v1's implicit section for lines before the first header, also {@code [DEFAULT]}. */
    static final String DEFAULT_SECTION = "DEFAULT";

    /** One section as read: keys lower-cased, values after unquoting but before {@code %(x)s} interpolation. */
    static final class RawSection {
        final String name;
        final int line;
        final Map<String, String> values = new LinkedHashMap<>();
        final Set<String> nestedKeys = new LinkedHashSet<>();
        boolean declared; // has a [header] in the file (the implicit DEFAULT section has none)

        RawSection(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private final String source;
    private final List<String> lines;
    private final List<Boolean> lineHasNewline;
    private final Map<String, RawSection> sections = new LinkedHashMap<>();
    private int index; // index of the line being read (0-based)

    private IniParser(String text, String source) {
        this.source = source;
        this.lines = new ArrayList<>();
        this.lineHasNewline = new ArrayList<>();
        split(text);
    }

    /** Parses {@code text}; the implicit {@value #DEFAULT_SECTION} section is always the first entry. */
    static Map<String, RawSection> parse(String text, String source) {
        IniParser p = new IniParser(text, source);
        p.run();
        return p.sections;
    }

    private void split(String text) {
        int start = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            start = 1; // BOM
        }
        int i = start;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                lineHasNewline.add(Boolean.TRUE);
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
            i++;
        }
        if (start < n) {
            lines.add(text.substring(start));
            lineHasNewline.add(Boolean.FALSE);
        }
    }

    private void run() {
        RawSection section = section(DEFAULT_SECTION, 0);
        boolean lastValueEmpty = false;
        String lastKey = null;
        int autoCount = 1;

        for (index = 0; index < lines.size(); index++) {
            String raw = lines.get(index);

            // ini.v1 AllowNestedValues: after "key =" (empty value), lines starting with a space or tab belong to it.
            if (lastValueEmpty && lastKey != null && !raw.isEmpty() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t')) {
                addNested(section, lastKey, goTrim(raw));
                continue;
            }

            String line = goTrimLeft(raw);
            if (line.isEmpty()) {
                continue;
            }
            char first = line.charAt(0);
            if (first == '#' || first == ';') {
                continue;
            }
            if (first == '[') {
                int close = line.lastIndexOf(']');
                if (close == -1) {
                    throw error("unclosed section header \"" + goTrim(line) + "\"");
                }
                String name = line.substring(1, close);
                if (name.isEmpty()) {
                    throw error("empty section name");
                }
                section = section(name, index + 1);
                lastValueEmpty = false;
                lastKey = null;
                autoCount = 1;
                continue;
            }

            int[] offset = new int[1];
            String keyName = readKeyName(line, offset);
            if (keyName == null) {
                // No delimiter. ini.v1 fails here; the AWS CLI reads an indented line after a key as a continuation
                // of its value (configparser multi-line values), so we do too rather than refuse the file.
                if (lastKey != null && isGoSpace(raw.charAt(0))) {
                    section.values.merge(lastKey, "\n" + goTrim(raw), String::concat);
                    continue;
                }
                throw error("expected \"key = value\" but found no '=' or ':'");
            }
            if (keyName.isEmpty()) {
                throw error("empty key name");
            }
            if (keyName.equals("-")) {
                keyName = "#" + autoCount++;
            }
            String value = readValue(line.substring(offset[0]));
            keyName = keyName.toLowerCase(Locale.ROOT);
            section.values.put(keyName, value); // a repeated key keeps its place and takes the later value
            section.nestedKeys.remove(keyName);
            lastKey = keyName;
            lastValueEmpty = value.isEmpty();
        }
    }

    private RawSection section(String name, int line) {
        RawSection s = sections.computeIfAbsent(name, n -> new RawSection(n, line));
        s.declared |= line > 0;
        return s;
    }

    /** botocore splits sub-block lines on the first '='; other lines (comments, junk) are kept by nobody. */
    private static void addNested(RawSection section, String parent, String content) {
        int eq = content.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String key = parent + "." + goTrim(content.substring(0, eq)).toLowerCase(Locale.ROOT);
        if (!section.values.containsKey(key) || section.nestedKeys.contains(key)) {
            section.values.put(key, goTrim(content.substring(eq + 1)));
            section.nestedKeys.add(key);
        }
    }

    /**
     * ini.v1 {@code readKeyName} with the delimiters {@code =} and {@code :} (the first one wins). Returns null when
     * there is no delimiter; {@code offset[0]} is set to the index after the delimiter.
     */
    private String readKeyName(String line, int[] offset) {
        String keyQuote = null;
        if (line.charAt(0) == '"') {
            keyQuote = line.length() > 6 && line.startsWith("\"\"\"") ? "\"\"\"" : "\"";
        } else if (line.charAt(0) == '`') {
            keyQuote = "`";
        }
        if (keyQuote != null) {
            int startIdx = keyQuote.length();
            int pos = line.indexOf(keyQuote, startIdx);
            if (pos == -1) {
                throw error("missing closing quote of key name");
            }
            int delim = indexOfAny(line, pos + startIdx);
            if (delim < 0) {
                return null;
            }
            offset[0] = delim + 1;
            return goTrim(line.substring(startIdx, pos));
        }
        int end = indexOfAny(line, 0);
        if (end < 0) {
            return null;
        }
        if (end == 0) {
            throw error("empty key name");
        }
        offset[0] = end + 1;
        return goTrim(line.substring(0, end));
    }

    private static int indexOfAny(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    /** ini.v1 {@code readValue}; may consume further lines (triple-quote/backtick values, trailing backslash). */
    private String readValue(String in) {
        String line = goTrimLeft(in);
        if (line.isEmpty()) {
            return "";
        }
        boolean newline = lineHasNewline.get(index);
        String valQuote = null;
        // ini.v1 measures the line with its '\n', hence the +1.
        if (line.length() + (newline ? 1 : 0) > 3 && line.startsWith("\"\"\"")) {
            valQuote = "\"\"\"";
        } else if (line.charAt(0) == '`') {
            valQuote = "`";
        }
        if (valQuote != null) {
            int startIdx = valQuote.length();
            String rest = line.length() >= startIdx ? line.substring(startIdx) : "";
            int pos = rest.lastIndexOf(valQuote);
            if (pos >= 0) {
                return rest.substring(0, pos);
            }
            String multi = readMultiline(rest, valQuote);
            if (multi != null) {
                return multi;
            }
            // Unclosed until end of file: ini.v1 fails; we take the line literally, as the AWS CLI would.
        }

        line = goTrim(line);
        if (line.charAt(line.length() - 1) == '\\') {
            return readContinuationLines(line.substring(0, line.length() - 1));
        }

        // Inline comment: '#' or ';' preceded by whitespace (ByteNess SpaceBeforeInlineComment; we also accept a tab).
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == '#' || c == ';') && (line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                line = goTrim(line.substring(0, i));
                break;
            }
        }

        if (hasSurroundedQuote(line, '\'') || hasSurroundedQuote(line, '"')) {
            line = line.substring(1, line.length() - 1);
        }
        return line;
    }

    /** Reads lines until one contains {@code quote}; null (and nothing consumed) if none does. */
    private String readMultiline(String first, String quote) {
        StringBuilder val = new StringBuilder(first);
        for (int j = index + 1; j < lines.size(); j++) {
            val.append('\n');
            String next = lines.get(j);
            int pos = next.lastIndexOf(quote);
            if (pos > -1) {
                val.append(next, 0, pos);
                index = j;
                return val.toString();
            }
            val.append(next);
        }
        return null;
    }

    /** ini.v1 {@code readContinuationLines}: joins trimmed lines while the value ends with a backslash. */
    private String readContinuationLines(String val) {
        StringBuilder sb = new StringBuilder(val);
        while (index + 1 < lines.size()) {
            index++;
            String next = goTrim(lines.get(index));
            if (next.isEmpty()) {
                break;
            }
            sb.append(next);
            if (sb.charAt(sb.length() - 1) != '\\') {
                break;
            }
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    /** True if and only if {@code s} starts and ends with {@code quote} and has no other {@code quote} inside. */
    private static boolean hasSurroundedQuote(String s, char quote) {
        return s.length() >= 2 && s.charAt(0) == quote && s.charAt(s.length() - 1) == quote
                && s.indexOf(quote, 1) == s.length() - 1;
    }

    private ConfigException error(String problem) {
        return new ConfigException(source + ":" + (index + 1) + ": " + problem);
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isGoSpace(char c) {
        switch (c) {
            case '\t':
            case '\n':
            case '\u000B':
            case '\f':
            case '\r':
            case ' ':
            case '\u0085':
            case '\u00A0':
                return true;
            default:
                return c > '\u00FF' && Character.isSpaceChar(c);
        }
    }

    static String goTrimLeft(String s) {
        int i = 0;
        while (i < s.length() && isGoSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String goTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isGoSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isGoSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }
}
