package dev.awsvault.core.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable, parsed AWS config file, read the way aws-vault reads it.
 *
 * <h2>Parsing</h2>
 * The rules are those of {@code gopkg.in/ini.v1} v1.67 with aws-vault's options (nested values allowed,
 * case-insensitive keys, case-sensitive section names) and the ByteNess fork's inline-comment fix:
 * <ul>
 * <li>{@code key = value}, {@code key=value} and {@code key: value} (ini.v1 and the AWS CLI both accept
 *     {@code :}; the first of {@code =} and {@code :} on the line separates). Keys and values are trimmed; keys
 *     are lower-cased. A repeated key keeps the later value; a repeated section is merged.</li>
 * <li>Lines starting (after whitespace) with {@code #} or {@code ;} are comments. In a value, {@code #} or
 *     {@code ;} starts a comment only when preceded by a space or tab, so
 *     {@code sso_start_url=https://x/start#} keeps its {@code #}. (ini.v1 looks for {@code " #"}, then
 *     {@code " ;"}, and ignores tabs; we take the earliest of either after a space or tab.)</li>
 * <li>A value wrapped in one pair of {@code "} or {@code '} (and no other such quote inside) is unquoted. A
 *     value starting with {@code """} or a backtick runs to the last matching quote, possibly over several lines
 *     (ini.v1); if there is none before the end of the file the value is taken literally.</li>
 * <li>A value ending in {@code \} continues on the next line (ini.v1), joined without a separator.</li>
 * <li>After {@code key =} with an empty value, lines indented with a space or tab form a sub-block, like the AWS
 *     CLI's {@code s3 =} block. Sub-block lines {@code k = v} are stored as key {@code parent.k}; other sub-block
 *     lines are ignored.</li>
 * <li>An indented line without {@code =} or {@code :} after a key continues that key's value (joined with
 *     {@code \n}), as in the AWS CLI; ini.v1 would reject it.</li>
 * <li>Lines before the first section go to ini.v1's implicit {@code DEFAULT} section, which is not a profile,
 *     like {@code [DEFAULT]} itself.</li>
 * <li>ini.v1 value interpolation is applied: {@code %(key)s} is replaced by that key of the same section (or its
 *     parent, see below) or of the {@code DEFAULT} section.</li>
 * <li>ini.v1 "child sections": a key missing from {@code [profile a.b]} is looked up in {@code [profile a]} if
 *     that section exists. aws-vault inherits such values, so {@link Section#get} does too.</li>
 * <li>A UTF-8 byte-order mark is skipped; a UTF-16 one selects UTF-16. Line ends may be LF, CRLF or CR.</li>
 * <li>Errors ({@link ConfigException}, message {@code <file>:<line>: <problem>}): a section header without
 *     {@code ]}, {@code []}, a line with no delimiter that is neither a comment, a sub-block line nor an
 *     indented continuation, and an empty key name ({@code = value}). The AWS CLI rejects all of these too.</li>
 * </ul>
 *
 * <h2>Sections</h2>
 * {@code [default]} is profile {@code default}; {@code [profile NAME]} is profile {@code NAME};
 * {@code [sso-session NAME]} is an SSO session; anything else is ignored. {@code [profile default]} appears in
 * {@link #profileNames()} but is never read for {@code default}.
 */
public final class ConfigFile {

    static final String DEFAULT_PROFILE = "default";
    private static final String PROFILE_PREFIX = "profile ";
    private static final String SSO_SESSION_PREFIX = "sso-session ";

    /**
     * The keys of aws-vault's {@code ProfileSection}; a {@code [default]} section with none of them set is left out
     * of {@link #profileNames()}, as in the original.
     */
    static final List<String> PROFILE_KEYS = List.of("mfa_serial", "role_arn", "external_id", "region",
            "role_session_name", "duration_seconds", "source_profile", "include_profile", "sso_session",
            "sso_start_url", "sso_region", "sso_account_id", "sso_role_name", "web_identity_token_file",
            "web_identity_token_process", "sts_regional_endpoints", "endpoint_url", "session_tags",
            "transitive_session_tags", "source_identity", "credential_process", "mfa_process");

    private static final Pattern VAR_PATTERN = Pattern.compile("%\\(([^)]+)\\)s");
    private static final int DEPTH_VALUES = 99;
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final String sourceName;
    private final Map<String, Section> sections; // includes the implicit DEFAULT section
    private final List<String> sectionNames; // declared sections, file order

    private ConfigFile(Path path, String sourceName, Map<String, IniParser.RawSection> raw) {
        this.path = path;
        this.sourceName = sourceName;
        Map<String, Section> map = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (IniParser.RawSection rs : raw.values()) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : rs.values.entrySet()) {
                String v = e.getValue();
                if (!rs.nestedKeys.contains(e.getKey())) {
                    v = interpolate(raw, rs, e.getKey(), v);
                }
                values.put(e.getKey(), v);
            }
            map.put(rs.name, new Section(rs.name, Collections.unmodifiableMap(values)));
            if (rs.declared) {
                names.add(rs.name);
            }
        }
        for (Section s : map.values()) {
            Map<String, String> effective = new LinkedHashMap<>();
            List<Section> ancestors = ancestors(map, s.name);
            for (int i = ancestors.size() - 1; i >= 0; i--) {
                effective.putAll(ancestors.get(i).values);
            }
            effective.putAll(s.values);
            s.effective = Collections.unmodifiableMap(effective);
        }
        this.sections = Collections.unmodifiableMap(map);
        this.sectionNames = Collections.unmodifiableList(names);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Loading

    /**
     * {@code $AWS_CONFIG_FILE} if set and non-empty (a leading {@code ~/} is expanded against {@code home}, which the
     * original does not do), else {@code home/.aws/config}.
     */
    public static Path defaultPath(Map<String, String> environment, Path home) {
        return pathFromEnvironment(environment, "AWS_CONFIG_FILE", home, home.resolve(".aws").resolve("config"));
    }

    /** The file named by {@code variable} if set and non-empty (a leading {@code ~/} expanded), else {@code fallback}. */
    static Path pathFromEnvironment(Map<String, String> environment, String variable, Path home, Path fallback) {
        String file = environment.get(variable);
        if (file != null && !file.isEmpty()) {
            if (file.equals("~")) {
                return home;
            }
            if (file.startsWith("~/") || (file.startsWith("~\\") && java.io.File.separatorChar == '\\')) {
                return home.resolve(file.substring(2));
            }
            return Path.of(file);
        }
        return fallback;
    }

    /** {@link #load(Path, Consumer)} without debug output. */
    public static ConfigFile load(Path path) {
        return load(path, m -> { });
    }

    /**
     * Reads and parses the config file. If it does not exist, its directory (mode 0700) and an empty file (mode
     * 0600) are created, as the original does, and an empty config is returned.
     *
     * @param debug receives the original's debug log lines
     * @throws ConfigException if the file cannot be created, read or parsed
     */
    public static ConfigFile load(Path path, Consumer<String> debug) {
        Objects.requireNonNull(path, "path");
        if (!Files.exists(path)) {
            debug.accept("Config file " + path + " doesn't exist so lets create it");
            createIfMissing(path, debug);
        }
        debug.accept("Parsing config file " + path);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException("Error reading config file " + path + ": " + describe(e), e);
        }
        return new ConfigFile(path, path.toString(), IniParser.parse(decode(bytes), path.toString()));
    }

    /**
     * Parses config text.
     *
     * @param sourceName the file name used in error messages
     */
    public static ConfigFile parse(String text, String sourceName) {
        return new ConfigFile(null, sourceName, IniParser.parse(text, sourceName));
    }

    private static void createIfMissing(Path path, Consumer<String> debug) {
        Path dir = path.toAbsolutePath().getParent();
        try {
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, posixAttributes(dir, DIR_MODE));
                debug.accept("Config directory " + dir + " created");
            }
            try {
                Files.createFile(path, posixAttributes(dir, FILE_MODE));
                debug.accept("Config file " + path + " created");
            } catch (FileAlreadyExistsException e) {
                // created meanwhile, or a dangling link: reading it will tell
            }
        } catch (IOException e) {
            throw new ConfigException("Error creating config file " + path + ": " + describe(e), e);
        }
    }

    private static FileAttribute<?>[] posixAttributes(Path near, Set<PosixFilePermission> mode) {
        Path probe = near;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        if (probe != null && Files.getFileAttributeView(probe, PosixFileAttributeView.class) != null) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)};
        }
        return new FileAttribute<?>[0];
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queries

    /** The file this config was loaded from; empty for {@link #parse}d text. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** The file name used in messages. */
    public String sourceName() {
        return sourceName;
    }

    /**
     * Profile names in file order, as the original's {@code list} shows them: {@code [default]} as {@code default}
     * unless none of the profile keys aws-vault knows is set in it, {@code [profile NAME]} as {@code NAME}
     * (including {@code [profile default]}, so {@code default} can appear twice). {@code [sso-session …]} and other
     * sections are not profiles.
     */
    public List<String> profileNames() {
        List<String> result = new ArrayList<>();
        for (String name : sectionNames) {
            if (name.equals(DEFAULT_PROFILE)) {
                if (!isEmptyProfile(sections.get(name))) {
                    result.add(DEFAULT_PROFILE);
                }
            } else if (name.startsWith(PROFILE_PREFIX)) {
                result.add(name.substring(PROFILE_PREFIX.length()));
            }
        }
        return Collections.unmodifiableList(result);
    }

    /** Names of all {@code [sso-session NAME]} sections, in file order. */
    public List<String> ssoSessionNames() {
        List<String> result = new ArrayList<>();
        for (String name : sectionNames) {
            if (name.startsWith(SSO_SESSION_PREFIX)) {
                result.add(name.substring(SSO_SESSION_PREFIX.length()));
            }
        }
        return Collections.unmodifiableList(result);
    }

    /** Full names of the sections with a header in the file ({@code default}, {@code profile x}, …), file order. */
    public List<String> sectionNames() {
        return sectionNames;
    }

    /** A section by its full, case-sensitive name ({@code profile x}); {@code DEFAULT} is the implicit section. */
    public Optional<Section> section(String fullName) {
        return Optional.ofNullable(sections.get(fullName));
    }

    /** The profile's section: {@code [default]} for {@code default} (never {@code [profile default]}), else {@code [profile NAME]}. */
    public Optional<Section> profile(String name) {
        return section(profileSectionName(name));
    }

    /** The {@code [sso-session NAME]} section. */
    public Optional<Section> ssoSession(String name) {
        return section(SSO_SESSION_PREFIX + name);
    }

    /** Whether the profile has a section ({@code [default]} for {@code default}, else {@code [profile NAME]}). */
    public boolean hasProfileSection(String name) {
        return sections.containsKey(profileSectionName(name));
    }

    private static String profileSectionName(String name) {
        return DEFAULT_PROFILE.equals(name) ? DEFAULT_PROFILE : PROFILE_PREFIX + name;
    }

    private static boolean isEmptyProfile(Section s) {
        for (String key : PROFILE_KEYS) {
            String v = s.get(key).orElse("");
            if (key.equals("duration_seconds") ? !ConfigLoader.durationSeconds(v).isZero() : !v.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ConfigFile[" + sourceName + ", sections=" + sectionNames + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // ini.v1 child sections and interpolation

    /** Existing ancestors of a dotted section name, nearest first ({@code profile a.b.c} → {@code profile a.b}, …). */
    private static <T> List<T> ancestors(Map<String, T> map, String name) {
        List<T> result = new ArrayList<>();
        String sname = name;
        int i;
        while ((i = sname.lastIndexOf('.')) > -1) {
            sname = sname.substring(0, i);
            T s = map.get(sname);
            if (s != null) {
                result.add(s);
            }
        }
        return result;
    }

    /** The section (itself or an ancestor) whose own key {@code key} ini.v1's {@code GetKey} finds. */
    private static IniParser.RawSection owner(Map<String, IniParser.RawSection> raw, IniParser.RawSection s, String key) {
        if (s.values.containsKey(key)) {
            return s;
        }
        for (IniParser.RawSection a : ancestors(raw, s.name)) {
            if (a.values.containsKey(key)) {
                return a;
            }
        }
        return null;
    }

    private static String interpolate(Map<String, IniParser.RawSection> raw, IniParser.RawSection s, String key, String val) {
        if (val.indexOf('%') < 0) {
            return val;
        }
        IniParser.RawSection defaults = raw.get(IniParser.DEFAULT_SECTION);
        for (int i = 0; i < DEPTH_VALUES; i++) {
            Matcher m = VAR_PATTERN.matcher(val);
            if (!m.find()) {
                break;
            }
            String vr = m.group();
            String option = m.group(1).toLowerCase(Locale.ROOT);
            IniParser.RawSection found = owner(raw, s, option);
            if (found == null || (found == s && option.equals(key))) {
                found = defaults.values.containsKey(option) ? defaults : null;
                if (found == null) {
                    break;
                }
            }
            val = val.replace(vr, found.values.get(option));
        }
        return val;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing

    /** {@link #appendProfile(Path, String, Map)} with no keys. */
    public static boolean appendProfile(Path path, String profileName) {
        return appendProfile(path, profileName, Map.of());
    }

    /**
     * Appends {@code [profile NAME]} ({@code [default]} for {@code default}) and then {@code key=value} lines to the
     * config file, unless the profile already has a section. The rest of the file is kept byte for byte (the
     * original rewrites the whole file). A blank line separates the new section from what was there; the file's
     * line-end style (CRLF or LF) and UTF-16 encoding are kept. The file is replaced atomically (a temp file in the
     * same directory, then a rename) and keeps its permissions; a symlinked config file is updated at its target.
     * A missing file is created with mode 0600 (and its directory with 0700).
     *
     * @return true if the section was added, false if the profile already had one
     * @throws ConfigException if the file cannot be read, parsed or written, or the name or a value cannot be
     *     written to an ini file (empty name, line breaks)
     */
    public static boolean appendProfile(Path path, String profileName, Map<String, String> values) {
        Objects.requireNonNull(path, "path");
        if (profileName == null || profileName.isEmpty() || hasLineBreak(profileName)) {
            throw new ConfigException("Invalid profile name " + (profileName == null ? "null" : "'" + profileName.replace('\n', ' ').replace('\r', ' ') + "'"));
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isBlank() || hasLineBreak(k) || k.indexOf('=') >= 0 || k.indexOf(':') >= 0
                    || e.getValue() == null || hasLineBreak(e.getValue())) {
                throw new ConfigException("Cannot write key '" + k + "' to the config file");
            }
        }
        Path target = path;
        try {
            if (Files.isSymbolicLink(path) && Files.exists(path)) {
                target = path.toRealPath();
            }
        } catch (IOException e) {
            throw new ConfigException("Error reading config file " + path + ": " + describe(e), e);
        }

        boolean exists = Files.exists(target);
        byte[] original = new byte[0];
        Set<PosixFilePermission> mode = null;
        PosixFileAttributes attrs = null;
        if (exists) {
            try {
                original = Files.readAllBytes(target);
                PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
                if (view != null) {
                    attrs = view.readAttributes();
                    mode = attrs.permissions();
                }
            } catch (IOException e) {
                throw new ConfigException("Error reading config file " + path + ": " + describe(e), e);
            }
        }

        Charset charset = charsetOf(original);
        String text = decode(original);
        ConfigFile existing = new ConfigFile(null, target.toString(), IniParser.parse(text, target.toString()));
        if (existing.hasProfileSection(profileName)) {
            return false;
        }

        String nl = text.contains("\r\n") ? "\r\n" : (text.indexOf('\n') < 0 && text.indexOf('\r') >= 0 ? "\r" : "\n");
        StringBuilder add = new StringBuilder();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (!body.isEmpty()) {
            boolean endsWithBreak = body.endsWith("\n") || body.endsWith("\r");
            if (!endsWithBreak) {
                add.append(nl).append(nl);
            } else if (!body.isBlank() && !endsWithBlankLine(body)) {
                add.append(nl);
            }
        }
        add.append('[').append(profileSectionName(profileName)).append(']').append(nl);
        for (Map.Entry<String, String> e : values.entrySet()) {
            add.append(e.getKey().trim().toLowerCase(Locale.ROOT)).append('=').append(e.getValue()).append(nl);
        }

        byte[] appended = add.toString().getBytes(charset); // UTF-16LE/BE encoders write no BOM
        byte[] content = new byte[original.length + appended.length];
        System.arraycopy(original, 0, content, 0, original.length);
        System.arraycopy(appended, 0, content, original.length, appended.length);
        writeAtomically(target, content, exists ? mode : FILE_MODE, attrs, "config file");
        return true;
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }

    /** Whether the text (ending in a line break) ends with an empty line, i.e. two line breaks in a row. */
    private static boolean endsWithBlankLine(String s) {
        String t = s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.substring(0, s.length() - 1);
        return t.isEmpty() || t.endsWith("\n") || t.endsWith("\r");
    }

    /**
     * Replaces {@code target} atomically: a temp file in the same directory (created 0600), written and fsynced, given
     * {@code mode} and the original owner, then renamed over the target; the directory is fsynced afterwards (best
     * effort) so the rename survives a crash.
     *
     * @param what the file's kind for error messages ({@code config file})
     */
    static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> mode, PosixFileAttributes attrs,
            String what) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, posixAttributes(dir, DIR_MODE));
            }
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", posixAttributes(dir, FILE_MODE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(content);
                out.flush();
                ch.force(true);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (view != null) {
                if (attrs != null) {
                    preserveOwner(view, attrs);
                }
                if (mode != null) {
                    view.setPermissions(mode);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new ConfigException("Error writing " + what + " " + target + ": " + describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory (Windows); the rename itself already happened
        }
    }

    private static void preserveOwner(PosixFileAttributeView view, PosixFileAttributes original) {
        try {
            PosixFileAttributes now = view.readAttributes();
            UserPrincipal owner = original.owner();
            GroupPrincipal group = original.group();
            if (!now.owner().equals(owner)) {
                view.setOwner(owner);
            }
            if (!now.group().equals(group)) {
                view.setGroup(group);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // only root can give a file away; keeping our own ownership is fine
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bytes and text

    static Charset charsetOf(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        return StandardCharsets.UTF_8;
    }

    /** Decodes file bytes: UTF-8 (a BOM is skipped) or UTF-16 with a BOM; malformed bytes become U+FFFD. */
    static String decode(byte[] b) {
        Charset cs = charsetOf(b);
        int skip = 0;
        if (cs != StandardCharsets.UTF_8) {
            skip = 2;
        } else if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            skip = 3;
        }
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(b, skip, b.length - skip)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e); // cannot happen with REPLACE
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** One section of the file. Keys are lower-case; lookups are case-insensitive. */
    public static final class Section {
        private final String name;
        private final Map<String, String> values;
        private Map<String, String> effective; // set once by the ConfigFile constructor

        Section(String name, Map<String, String> values) {
            this.name = name;
            this.values = values;
        }

        /** The full section name as written between the brackets: {@code default}, {@code profile dev}, {@code sso-session corp}. */
        public String name() {
            return name;
        }

        /**
         * The value of a key as aws-vault reads it: this section's own key, else (ini.v1 child sections) the
         * nearest existing dotted ancestor's, e.g. {@code [profile a]} for {@code [profile a.b]}. Present but empty
         * values are returned as {@code ""}.
         */
        public Optional<String> get(String key) {
            return Optional.ofNullable(effective.get(key.toLowerCase(Locale.ROOT)));
        }

        /** This section's own keys and values in file order (sub-block entries as {@code parent.key}). */
        public Map<String, String> values() {
            return values;
        }

        /** {@link #values()} plus the keys inherited from dotted ancestor sections, as {@link #get} sees them. */
        public Map<String, String> effectiveValues() {
            return effective;
        }

        /** The section header only; values are not shown (a config file may hold keys). */
        @Override
        public String toString() {
            return "[" + name + "]";
        }
    }
}
