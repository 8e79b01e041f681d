package dev.awsvault.backend.keyctl;

import java.util.Optional;

/**
 * What {@code KEYCTL_DESCRIBE} says of a key: {@code type;uid;gid;perm;description}, with the permissions in hex.
 * The description comes last and may itself contain {@code ;}, so only the first four separators split.
 */
record KeyDescription(String type, long uid, long gid, int permissions, String description) {

    /** The parsed description, or empty when the text is not in the kernel's format. */
    static Optional<KeyDescription> parse(String text) {
        String[] fields = text.split(";", 5);
        if (fields.length < 5 || fields[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KeyDescription(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                    Integer.parseUnsignedInt(fields[3], 16), fields[4]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
