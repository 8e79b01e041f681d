package dev.awsvault.launcher;

/** Who runs the launcher, for the ownership checks of the plugins directory. */
interface UserIdentity {

    /** Whether a file with this owner uid (and owner name, as resolved by the file system) belongs to this user. */
    boolean owns(int uid, String ownerName);

    /** The user running this process. */
    static UserIdentity current() {
        Integer uid = null;
        try {
            // jdk.security.auth: getuid() without a native library of our own.
            uid = (int) new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException e) {
            // Not a Unix JDK, or the module is not in this runtime: compare names below.
        }
        if (uid != null) {
            int self = uid;
            return (fileUid, ownerName) -> fileUid == self;
        }
        String name = System.getProperty("user.name");
        return (fileUid, ownerName) -> ownerName != null && ownerName.equals(name);
    }

    static UserIdentity ofUid(int uid) {
        return (fileUid, ownerName) -> fileUid == uid;
    }
}
