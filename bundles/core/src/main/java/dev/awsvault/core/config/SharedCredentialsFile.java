package dev.awsvault.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The plain-text shared credentials file of the AWS CLI and SDKs ({@code $AWS_SHARED_CREDENTIALS_FILE}, else
 * {@code ~/.aws/credentials}), read with {@link ConfigFile}'s ini rules. Its sections are profile names as written:
 * {@code [default]}, {@code [dev]} (no {@code profile } prefix). Never shows a value in messages.
 */
public final class SharedCredentialsFile {
    public static final String ACCESS_KEY_ID = "aws_access_key_id";
    public static final String SECRET_ACCESS_KEY = "aws_secret_access_key";
    public static final String SESSION_TOKEN = "aws_session_token";
    /** The keys {@link #removeKeys} deletes. */
    public static final List<String> KEY_NAMES = List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN);

    private static final String WHAT = "credentials file";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path path;
    private final ConfigFile ini;

    private SharedCredentialsFile(Path path, ConfigFile ini) {
        this.path = path;
        this.ini = ini;
    }

    /**
     * {@code $AWS_SHARED_CREDENTIALS_FILE} if set and non-empty (a leading {@code ~/} is expanded against
     * {@code home}), else {@code home/.aws/credentials}.
     */
    public static Path defaultPath(Map<String, String> environment, Path home) {
        return ConfigFile.pathFromEnvironment(environment, "AWS_SHARED_CREDENTIALS_FILE", home,
                home.resolve(".aws").resolve("credentials"));
    }

    /**
     * Reads and parses the file; unlike the config file, a missing one is not created.
     *
     * @throws ConfigException if the file is missing, unreadable or not valid ini
     */
    public static SharedCredentialsFile load(Path path) {
        Objects.requireNonNull(path, "path");
        try {
            return new SharedCredentialsFile(path, ConfigFile.parse(ConfigFile.decode(Files.readAllBytes(path)),
                    path.toString()));
        } catch (IOException e) {
            throw new ConfigException("Error reading " + WHAT + " " + path + ": " + ConfigFile.describe(e), e);
        }
    }

    /** Parses text (for tests and callers that already hold the content). */
    public static SharedCredentialsFile parse(String text, String sourceName) {
        return new SharedCredentialsFile(null, ConfigFile.parse(text, sourceName));
    }

    /** The file this was loaded from; empty for parsed text. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Profile names: the sections with a header, in file order, each once; ini's {@code [DEFAULT]} is not a profile. */
    public List<String> profileNames() {
        List<String> names = new ArrayList<>();
        for (String name : ini.sectionNames()) {
            if (!name.equals(IniParser.DEFAULT_SECTION)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /**
     * A profile's own keys (lower-case) and values, in file order; empty when there is no such section. Values of
     * {@code [a]} are not inherited by {@code [a.b]}: the SDKs read this file without ini.v1's child sections.
     */
    public Map<String, String> values(String profile) {
        if (profile.equals(IniParser.DEFAULT_SECTION)) {
            return Map.of();
        }
        return ini.section(profile).map(ConfigFile.Section::values).orElse(Map.of());
    }

    @Override
    public String toString() {
        return "SharedCredentialsFile[" + ini.sourceName() + ", sections=" + profileNames() + "]"; // no values
    }

    // ---------------------------------------------------------------------------------------------------------
    // Removing keys

    /**
     * Deletes the {@link #KEY_NAMES} lines of the given profiles and keeps every other byte: comments, other keys,
     * other profiles, blank lines, section order, line ends and encoding. A section left without keys loses its
     * header and its blank lines (its comments stay). No backup is made: it would be plain text again.
     *
     * <p>The file is replaced atomically (a temp file in the same directory, fsync, rename) and keeps its owner and
     * permissions, but never wider than 0600. Before writing, the new text is parsed again and must hold exactly the
     * old values minus the removed keys; a layout this line-based edit cannot handle safely (a key's value spanning
     * several lines, a value referring to a removed key) fails without changing the file.
     *
     * @return the profiles whose keys were removed, in file order
     * @throws ConfigException if the file cannot be read, parsed, safely edited or written
     */
    public static List<String> removeKeys(Path path, Collection<String> profiles) {
        Objects.requireNonNull(path, "path");
        Set<String> wanted = new HashSet<>(profiles);
        wanted.remove(IniParser.DEFAULT_SECTION);
        Path target = path;
        byte[] original;
        PosixFileAttributes attrs = null;
        try {
            if (Files.isSymbolicLink(path) && Files.exists(path)) {
                target = path.toRealPath();
            }
            original = Files.readAllBytes(target);
            PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (view != null) {
                attrs = view.readAttributes();
            }
        } catch (IOException e) {
            throw new ConfigException("Error reading " + WHAT + " " + path + ": " + ConfigFile.describe(e), e);
        }

        Charset charset = ConfigFile.charsetOf(original);
        String text = decodeExactly(original, charset, path);
        Edit edit = new Edit(splitLines(text), wanted);
        if (edit.removedFrom.isEmpty()) {
            return List.of();
        }
        String rewritten = edit.result();
        checkOnlyTheKeysWentAway(text, rewritten, wanted, path);

        Set<PosixFilePermission> mode = null;
        if (attrs != null) {
            mode = EnumSet.noneOf(PosixFilePermission.class);
            mode.addAll(attrs.permissions());
            mode.retainAll(OWNER_READ_WRITE);
        }
        ConfigFile.writeAtomically(target, rewritten.getBytes(charset), mode, attrs, WHAT);
        return List.copyOf(edit.removedFrom);
    }

    /** The text with its BOM (if any) as a character, so that encoding it again gives the same bytes. */
    private static String decodeExactly(byte[] bytes, Charset charset, Path path) {
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = null;
        }
        if (text == null || !Arrays.equals(text.getBytes(charset), bytes)) {
            throw new ConfigException("Cannot rewrite " + WHAT + " " + path + ": it is not valid "
                    + (charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : "UTF-16") + " text; the file was not changed");
        }
        return text;
    }

    /** Lines with their own line ends ({@code \n}, {@code \r\n} or {@code \r}), so joining them gives the text back. */
    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** The line-based edit: classifies each line the way {@link IniParser} reads it, then drops the key lines. */
    private static final class Edit {
        enum Kind { BLANK, COMMENT, HEADER, KEY, OTHER }

        private final List<String> lines;
        private final boolean[] drop;
        private final List<String> removedFrom = new ArrayList<>();

        Edit(List<String> lines, Set<String> profiles) {
            this.lines = lines;
            this.drop = new boolean[lines.size()];
            String section = IniParser.DEFAULT_SECTION;
            int header = -1; // index of the current section occurrence's header line
            List<Integer> blanks = new ArrayList<>();
            boolean removedHere = false;
            boolean keptKeys = false;
            boolean lastValueEmpty = false;
            boolean afterKey = false;
            for (int i = 0; i <= lines.size(); i++) {
                Kind kind = null;
                String name = null;
                if (i < lines.size()) {
                    String raw = content(i);
                    if (afterKey && lastValueEmpty && !raw.isEmpty() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t')) {
                        kind = Kind.OTHER; // a sub-block line of the key above (s3 =)
                    } else {
                        String t = IniParser.goTrimLeft(raw);
                        if (t.isEmpty()) {
                            kind = Kind.BLANK;
                        } else if (t.charAt(0) == '#' || t.charAt(0) == ';') {
                            kind = Kind.COMMENT;
                        } else if (t.charAt(0) == '[') {
                            kind = Kind.HEADER;
                            int close = t.lastIndexOf(']');
                            name = close > 0 ? t.substring(1, close) : t;
                        } else {
                            int delimiter = firstDelimiter(t);
                            if (delimiter < 0) {
                                kind = Kind.OTHER; // an indented continuation of the previous value
                            } else {
                                kind = Kind.KEY;
                                name = unquote(IniParser.goTrim(t.substring(0, delimiter))).toLowerCase(Locale.ROOT);
                                lastValueEmpty = IniParser.goTrim(t.substring(delimiter + 1)).isEmpty();
                                afterKey = true;
                            }
                        }
                    }
                }
                if (i == lines.size() || kind == Kind.HEADER) {
                    // The previous occurrence ends: drop its header and blank lines if only comments are left.
                    if (header >= 0 && removedHere && !keptKeys) {
                        drop[header] = true;
                        for (int b : blanks) {
                            drop[b] = true;
                        }
                    }
                    if (i == lines.size()) {
                        break;
                    }
                    section = name;
                    header = i;
                    blanks.clear();
                    removedHere = false;
                    keptKeys = false;
                    lastValueEmpty = false;
                    afterKey = false;
                    continue;
                }
                switch (kind) {
                    case BLANK:
                        blanks.add(i);
                        break;
                    case KEY:
                        if (header >= 0 && profiles.contains(section) && KEY_NAMES.contains(name)) {
                            drop[i] = true;
                            removedHere = true;
                            if (!removedFrom.contains(section)) {
                                removedFrom.add(section);
                            }
                        } else {
                            keptKeys = true;
                        }
                        break;
                    case OTHER:
                        keptKeys = true;
                        break;
                    default:
                        break;
                }
            }
        }

        /** The line without its line end, and without the byte-order mark on the first line. */
        private String content(int i) {
            String line = lines.get(i);
            int end = line.length();
            while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
                end--;
            }
            int start = i == 0 && line.startsWith("\uFEFF") ? 1 : 0;
            return line.substring(start, end);
        }

        String result() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (!drop[i]) {
                    sb.append(lines.get(i));
                } else if (i == 0 && lines.get(0).startsWith("\uFEFF")) {
                    sb.append('\uFEFF'); // the byte-order mark stays
                }
            }
            return sb.toString();
        }

        private static int firstDelimiter(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '=' || s.charAt(i) == ':') {
                    return i;
                }
            }
            return -1;
        }

        private static String unquote(String key) {
            if (key.length() >= 2 && (key.charAt(0) == '"' || key.charAt(0) == '`')
                    && key.charAt(key.length() - 1) == key.charAt(0)) {
                return IniParser.goTrim(key.substring(1, key.length() - 1));
            }
            return key;
        }
    }

    /** The edit must only have removed the keys: every other section and value reads exactly as before. */
    private static void checkOnlyTheKeysWentAway(String before, String after, Set<String> profiles, Path path) {
        ConfigFile old = ConfigFile.parse(before, path.toString());
        ConfigFile now;
        try {
            now = ConfigFile.parse(after, path.toString());
        } catch (ConfigException e) {
            throw unsafe(path);
        }
        List<String> expectedSections = new ArrayList<>();
        for (String name : old.sectionNames()) {
            Map<String, String> expected = new LinkedHashMap<>(old.section(name).orElseThrow().values());
            if (profiles.contains(name)) {
                expected.keySet().removeAll(KEY_NAMES);
            }
            Map<String, String> actual = now.section(name).map(ConfigFile.Section::values).orElse(Map.of());
            if (!expected.equals(actual)) {
                throw unsafe(path);
            }
            if (now.sectionNames().contains(name)) {
                expectedSections.add(name);
            } else if (!expected.isEmpty()) {
                throw unsafe(path);
            }
        }
        Map<String, String> implicitBefore = old.section(IniParser.DEFAULT_SECTION).map(ConfigFile.Section::values).orElse(Map.of());
        Map<String, String> implicitAfter = now.section(IniParser.DEFAULT_SECTION).map(ConfigFile.Section::values).orElse(Map.of());
        if (!expectedSections.equals(now.sectionNames()) || !implicitBefore.equals(implicitAfter)) {
            throw unsafe(path);
        }
    }

    private static ConfigException unsafe(Path path) {
        return new ConfigException("Cannot remove the keys from " + WHAT + " " + path + " safely (a value spans several "
                + "lines or refers to a removed key); the file was not changed");
    }
}
