package dev.awsvault.backend.pass;

/**
 * Go's {@code path/filepath} {@code Join} and {@code Clean} for '/'-separated paths, because the original builds
 * every pass name and file path with them: {@code oidc:https://h/start} becomes {@code oidc:https:/h/start}, and
 * the names we hand to pass must be the ones the original hands it.
 */
final class GoPath {
    private GoPath() {
    }

    /** {@code filepath.Join}: the non-empty elements joined by '/', then cleaned; "" when all are empty. */
    static String join(String... elements) {
        StringBuilder joined = new StringBuilder();
        for (String e : elements) {
            if (!e.isEmpty()) {
                if (joined.length() > 0) {
                    joined.append('/');
                }
                joined.append(e);
            }
        }
        return joined.length() == 0 ? "" : clean(joined.toString());
    }

    /**
     * {@code filepath.Clean}: one '/' between elements, no "." elements, ".." removed together with the element
     * before it (kept at the start of a relative path, dropped at the root), no trailing '/'; "." when empty.
     */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        int n = path.length();
        StringBuilder out = new StringBuilder(n);
        int r = 0;
        int dotdot = 0; // where ".." can no longer backtrack
        if (rooted) {
            out.append('/');
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            if (path.charAt(r) == '/') {
                r++;
            } else if (path.charAt(r) == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++;
            } else if (path.charAt(r) == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2;
                if (out.length() > dotdot) {
                    int w = out.length() - 1;
                    while (w > dotdot && out.charAt(w) != '/') {
                        w--;
                    }
                    out.setLength(w);
                } else if (!rooted) {
                    if (out.length() > 0) {
                        out.append('/');
                    }
                    out.append("..");
                    dotdot = out.length();
                }
            } else {
                if (rooted && out.length() != 1 || !rooted && out.length() != 0) {
                    out.append('/');
                }
                while (r < n && path.charAt(r) != '/') {
                    out.append(path.charAt(r++));
                }
            }
        }
        return out.length() == 0 ? "." : out.toString();
    }
}
